package org.ctcretrieval.query.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ctcretrieval.query.audio.PitchTracker.PitchContour;

/**
 * Turns a pitch track into notes: voiced regions, a median filter against octave errors and a moving mean over
 * about one vibrato cycle, semitones relative to a tuning reference that follows the singer's drift, and onsets
 * where the semitone changes (with hysteresis, so vibrato and scoops do not split a note).
 *
 * <p><b>Drift.</b> Untrained singers drift by up to half a semitone over a phrase. The reference is the circular
 * mean of every voiced frame's deviation from the equal-tempered grid over {@link #TUNING_WINDOW_FRAMES} around
 * it, unwrapped along the query, so a slow drift moves the grid with it instead of flipping notes to the
 * neighbouring semitone. (A constant offset, i.e. a singer who is not at A = 440 Hz, is the special case.)
 */
public final class NoteSegmenter {
    /** Median filter length (frames of 10 ms): removes octave jumps and glitches up to 30 ms. */
    static final int MEDIAN_FRAMES = 7;
    /** Moving-mean length: 130 ms, which shrinks a 5.5 Hz vibrato to a third of its depth. */
    static final int MEAN_FRAMES = 13;
    /** Window of the tuning reference: 3 s. */
    static final int TUNING_WINDOW_FRAMES = 300;
    /** A new note starts only when the pitch leaves the current semitone by more than this (semitones). */
    static final double HYSTERESIS = 0.65;
    /** Shortest note, frames (60 ms); shorter segments are glides and join a neighbour. */
    static final int MIN_NOTE_FRAMES = 6;
    /** Unvoiced gaps up to this many frames inside a note are bridged (consonants, detector dropouts). */
    static final int MAX_GAP_FRAMES = 3;

    private NoteSegmenter() {}

    /**
     * One transcribed note.
     *
     * @param onsetSeconds    start, seconds from the query start
     * @param durationSeconds length, seconds
     * @param pitch           MIDI pitch relative to the drifting tuning reference
     * @param tuningCents     the reference's offset from A = 440 Hz at the note, cents
     */
    public record SungNote(double onsetSeconds, double durationSeconds, int pitch, double tuningCents) {}

    /** Notes of {@code contour}, in time order. */
    public static List<SungNote> segment(PitchContour contour) {
        float[] raw = bridgeGaps(contour.midi());
        int n = raw.length;
        double[] smooth = new double[n];
        Arrays.fill(smooth, Double.NaN);
        for (int[] run : voicedRuns(raw)) smoothRun(raw, run[0], run[1], smooth);
        double[] tuning = tuningReference(smooth);
        int[] semitone = new int[n];
        for (int[] run : voicedRuns(smooth)) quantizeRun(smooth, tuning, run[0], run[1], semitone);
        List<SungNote> notes = new ArrayList<>();
        for (int[] run : voicedRuns(smooth)) {
            for (int[] seg : mergeShort(semitone, run[0], run[1])) {
                if (seg[1] - seg[0] < MIN_NOTE_FRAMES) continue;
                double cents = 0;
                for (int i = seg[0]; i < seg[1]; i++) cents += tuning[i];
                double onset = contour.timeOf(seg[0]) - contour.hopSeconds() / 2;
                notes.add(new SungNote(Math.max(0, onset), (seg[1] - seg[0]) * contour.hopSeconds(), seg[2],
                        100 * cents / (seg[1] - seg[0])));
            }
        }
        return notes;
    }

    /** Fills unvoiced gaps of at most MAX_GAP_FRAMES between voiced frames by linear interpolation. */
    static float[] bridgeGaps(float[] midi) {
        float[] out = midi.clone();
        int last = -1;
        for (int i = 0; i < out.length; i++) {
            if (Float.isNaN(out[i])) continue;
            if (last >= 0 && i - last > 1 && i - last - 1 <= MAX_GAP_FRAMES) {
                for (int k = last + 1; k < i; k++) out[k] = out[last] + (out[i] - out[last]) * (k - last) / (i - last);
            }
            last = i;
        }
        return out;
    }

    /** [from, to) ranges of consecutive non-NaN frames. */
    static List<int[]> voicedRuns(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return voicedRuns(d);
    }

    static List<int[]> voicedRuns(double[] v) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < v.length; ) {
            if (Double.isNaN(v[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j < v.length && !Double.isNaN(v[j])) j++;
            runs.add(new int[] {i, j});
            i = j;
        }
        return runs;
    }

    /** Median then moving mean inside one voiced run (windows shrink at the run's ends). */
    private static void smoothRun(float[] raw, int from, int to, double[] out) {
        double[] med = new double[to - from];
        double[] window = new double[MEDIAN_FRAMES];
        for (int i = from; i < to; i++) {
            int a = Math.max(from, i - MEDIAN_FRAMES / 2);
            int b = Math.min(to, i + MEDIAN_FRAMES / 2 + 1);
            for (int k = a; k < b; k++) window[k - a] = raw[k];
            Arrays.sort(window, 0, b - a);
            med[i - from] = (b - a) % 2 == 1 ? window[(b - a) / 2] : 0.5 * (window[(b - a) / 2 - 1] + window[(b - a) / 2]);
        }
        for (int i = 0; i < med.length; i++) {
            int a = Math.max(0, i - MEAN_FRAMES / 2);
            int b = Math.min(med.length, i + MEAN_FRAMES / 2 + 1);
            double s = 0;
            for (int k = a; k < b; k++) s += med[k];
            out[from + i] = s / (b - a);
        }
    }

    /**
     * Per frame, the offset (semitones) of the singer's tuning grid: circular mean of the voiced frames'
     * deviations from the nearest semitone within the window, unwrapped along the query. NaN-free: unvoiced frames
     * get their neighbour's value.
     */
    static double[] tuningReference(double[] smooth) {
        int n = smooth.length;
        double[] c = new double[n + 1];
        double[] s = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double angle = Double.isNaN(smooth[i]) ? 0 : 2 * Math.PI * (smooth[i] - Math.rint(smooth[i]));
            c[i + 1] = c[i] + (Double.isNaN(smooth[i]) ? 0 : Math.cos(angle));
            s[i + 1] = s[i] + (Double.isNaN(smooth[i]) ? 0 : Math.sin(angle));
        }
        double[] ref = new double[n];
        double previous = Double.NaN;
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - TUNING_WINDOW_FRAMES / 2);
            int b = Math.min(n, i + TUNING_WINDOW_FRAMES / 2 + 1);
            double cc = c[b] - c[a];
            double ss = s[b] - s[a];
            double offset = (cc == 0 && ss == 0) ? 0 : Math.atan2(ss, cc) / (2 * Math.PI);
            if (!Double.isNaN(previous)) offset += Math.rint(previous - offset); // unwrap: stay within half a semitone
            ref[i] = offset;
            previous = offset;
        }
        return ref;
    }

    /** Semitone per frame with hysteresis: the note changes only when the pitch clearly leaves it. */
    private static void quantizeRun(double[] smooth, double[] tuning, int from, int to, int[] out) {
        int current = (int) Math.rint(smooth[from] - tuning[from]);
        for (int i = from; i < to; i++) {
            double x = smooth[i] - tuning[i];
            if (Math.abs(x - current) > HYSTERESIS) current = (int) Math.rint(x);
            out[i] = current;
        }
    }

    /**
     * Segments of equal semitone within [from, to) as {from, to, semitone}. The moving mean turns a leap into a
     * ramp that passes through the semitones in between: a segment shorter than the mean window whose semitone lies
     * between its neighbours' is such a passage and is split between them. Other segments shorter than
     * MIN_NOTE_FRAMES (blips) join the note before them (or, at the start, the one after).
     */
    private static List<int[]> mergeShort(int[] semitone, int from, int to) {
        List<int[]> segs = new ArrayList<>();
        for (int i = from; i < to; ) {
            int j = i;
            while (j < to && semitone[j] == semitone[i]) j++;
            segs.add(new int[] {i, j, semitone[i]});
            i = j;
        }
        for (int k = 1; k + 1 < segs.size(); k++) {
            int[] prev = segs.get(k - 1), seg = segs.get(k), next = segs.get(k + 1);
            boolean between = (prev[2] < seg[2] && seg[2] < next[2]) || (prev[2] > seg[2] && seg[2] > next[2]);
            if (between && seg[1] - seg[0] < MEAN_FRAMES) {
                int mid = (seg[0] + seg[1]) / 2;
                prev[1] = mid;
                next[0] = mid;
                segs.remove(k--);
                if (k > 0) k--; // the widened neighbour may now be a passage itself
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int[] seg : segs) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && (seg[1] - seg[0] < MIN_NOTE_FRAMES || seg[2] == last[2])) {
                last[1] = seg[1];
            } else if (last != null && last[1] - last[0] < MIN_NOTE_FRAMES) {
                out.set(out.size() - 1, new int[] {last[0], seg[1], seg[2]}); // a short first segment was the scoop into this note
            } else {
                out.add(seg);
            }
        }
        return out;
    }
}
