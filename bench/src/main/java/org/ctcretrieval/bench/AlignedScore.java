package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ctcretrieval.query.score.MeasureRange;

/**
 * A MusicXML score whose measures are located in the beat annotations of its score MIDI, so that a span of
 * measures can be found in every performance.
 *
 * <p>How a measure is located: the score MIDI annotation times (seconds) are converted to quarter-note positions
 * with the score MIDI's tempo map; a measure's start in the MusicXML (quarter notes from the beginning) is matched
 * to the annotation line at the same position (within {@value #TOLERANCE_QUARTERS} quarter). The score MIDI has
 * its repeats unfolded while the MusicXML does not, so positions only agree up to the first measure that repeats
 * or jumps: only measures before it are used. Performances list the same beats line by line, so the performed
 * time of a measure start is the time on the same line of the performance's annotations.
 */
public final class AlignedScore {
    /** Largest difference between a measure start and its annotated beat, in quarter notes. */
    public static final double TOLERANCE_QUARTERS = 0.02;

    /**
     * A span of whole measures usable as a query.
     *
     * @param firstOrdinal first measure, 0-based document position
     * @param lastOrdinal  last measure, inclusive
     * @param numbers      the printed measure numbers, as written in query files
     * @param startLine    annotation line (0-based) of the downbeat starting the first measure
     * @param endLine      annotation line of the downbeat right after the last measure
     * @param notesAll     sounding notes on all staves
     * @param notesStaff1  sounding notes on staff 1
     * @param quarters     length in quarter notes
     * @param scoreSeconds length in seconds at the score MIDI's tempo (the tempo the score marks)
     */
    public record Window(int firstOrdinal, int lastOrdinal, MeasureRange numbers, int startLine, int endLine,
            int notesAll, int notesStaff1, double quarters, double scoreSeconds) {}

    private final ScoreMeasures measures;
    private final BeatAnnotations beats;
    private final int[] lineOfStart; // per measure ordinal: annotation line of its start, -1 if not located
    private final int linearMeasures;

    private AlignedScore(ScoreMeasures measures, BeatAnnotations beats, int[] lineOfStart, int linearMeasures) {
        this.measures = measures;
        this.beats = beats;
        this.lineOfStart = lineOfStart;
        this.linearMeasures = linearMeasures;
    }

    /**
     * Aligns {@code score} with the annotations of its score MIDI.
     *
     * @param score            the MusicXML score ({@code xml_score.mxl})
     * @param scoreMidi        the score MIDI ({@code midi_score.mid}), for its tempo map
     * @param scoreAnnotations the score MIDI's beat annotations ({@code midi_score_annotations.txt})
     */
    public static AlignedScore read(Path score, Path scoreMidi, Path scoreAnnotations) throws IOException {
        ScoreMeasures m = ScoreMeasures.read(score);
        BeatAnnotations beats = BeatAnnotations.read(scoreAnnotations);
        MidiTempoMap tempo = MidiTempoMap.read(scoreMidi);
        double[] beatQuarters = Arrays.stream(beats.seconds()).map(tempo::quarters).toArray();
        int linear = 0;
        while (linear < m.measures().size() && !m.measures().get(linear).repeatsOrJumps()) linear++;
        int[] line = new int[m.measures().size() + 1];
        Arrays.fill(line, -1);
        // Starts of measures 0..linear are reached without repeating anything (when the whole score is linear,
        // index `linear` is the end of the last measure).
        List<ScoreMeasures.Measure> ms = m.measures();
        for (int i = 0; i <= linear; i++) {
            double start = i < ms.size() ? ms.get(i).startQuarters()
                    : ms.get(i - 1).startQuarters() + ms.get(i - 1).lengthQuarters();
            line[i] = nearest(beatQuarters, start);
        }
        return new AlignedScore(m, beats, line, linear);
    }

    /**
     * Guards against a coincidental match: every measure {@code a..b} starts on a located downbeat and the
     * annotations hold exactly one downbeat per measure between the window's start and end.
     */
    private boolean everyMeasureOnItsOwnDownbeat(int a, int b, int startLine, int endLine) {
        for (int k = a; k <= b + 1; k++) {
            if (downbeatLine(k) < 0) return false;
        }
        int downbeats = 0;
        for (int l = startLine; l < endLine; l++) {
            if (beats.isDownbeat(l)) downbeats++;
        }
        return downbeats == b - a + 1;
    }

    private static int nearest(double[] sorted, double x) {
        int best = -1;
        double bestDiff = TOLERANCE_QUARTERS;
        for (int j = 0; j < sorted.length; j++) {
            double d = Math.abs(sorted[j] - x);
            if (d <= bestDiff) {
                best = j;
                bestDiff = d;
            }
        }
        return best;
    }

    /** The score's measures. */
    public ScoreMeasures measures() {
        return measures;
    }

    /** The score MIDI's annotations. */
    public BeatAnnotations beats() {
        return beats;
    }

    /** Measures played once, in order, from the beginning (before the first repeat or jump). */
    public int linearMeasures() {
        return linearMeasures;
    }

    /** Annotation line of the downbeat that starts measure {@code ordinal}, or -1 if it is not located. */
    public int downbeatLine(int ordinal) {
        int l = ordinal < lineOfStart.length ? lineOfStart[ordinal] : -1;
        return l >= 0 && beats.isDownbeat(l) ? l : -1;
    }

    /**
     * Every span of {@code minMeasures..maxMeasures} whole measures inside the linear part that can be cut at
     * downbeats: each of its measures starts on its own annotated downbeat, and so does the following measure
     * (the annotations hold exactly one downbeat per measure in between), its measure numbers
     * are consecutive whole numbers used by no other measure and the following measure has a whole number too
     * (so {@code FIRST-LAST} names exactly these measures), and
     * it sounds at least {@code minNotes} notes.
     */
    public List<Window> windows(int minMeasures, int maxMeasures, int minNotes) {
        Map<String, Integer> numberUse = new HashMap<>();
        for (ScoreMeasures.Measure m : measures.measures()) numberUse.merge(m.number(), 1, Integer::sum);
        List<Window> out = new ArrayList<>();
        List<ScoreMeasures.Measure> ms = measures.measures();
        for (int a = 0; a < linearMeasures; a++) {
            for (int len = minMeasures; len <= maxMeasures; len++) {
                int b = a + len - 1;
                if (b >= linearMeasures) break;
                int startLine = downbeatLine(a);
                int endLine = downbeatLine(b + 1);
                if (startLine < 0 || endLine < 0 || !everyMeasureOnItsOwnDownbeat(a, b, startLine, endLine)) continue;
                boolean numbered = true;
                int all = 0;
                int staff1 = 0;
                for (int k = a; k <= b; k++) {
                    ScoreMeasures.Measure m = ms.get(k);
                    numbered &= m.numberValue() == ms.get(a).numberValue() + (k - a) && m.numberValue() >= 0
                            && numberUse.get(m.number()) == 1;
                    all += m.notes();
                    staff1 += m.notesOnStaff(1);
                }
                // A measure numbered like "X1" counts as part of the measure before it when selecting by number.
                numbered &= b + 1 >= ms.size() || ms.get(b + 1).numberValue() >= 0;
                if (!numbered || all < minNotes) continue;
                out.add(new Window(a, b, new MeasureRange(ms.get(a).numberValue(), ms.get(b).numberValue()),
                        startLine, endLine, all, staff1,
                        ms.get(b).startQuarters() + ms.get(b).lengthQuarters() - ms.get(a).startQuarters(),
                        beats.time(endLine) - beats.time(startLine)));
            }
        }
        return out;
    }
}
