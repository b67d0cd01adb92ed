package org.ctcretrieval.query.score;

import org.ctcretrieval.common.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Piecewise-constant tempo: maps positions in quarter notes (from the start of the piece) to seconds.
 *
 * <p>Tempo is always in quarter notes per minute (MusicXML {@code <sound tempo>} semantics; a MIDI Set Tempo of
 * {@code u} microseconds per quarter is {@code 60e6 / u}). The tempo of the first change also applies before
 * it, so a mark written slightly after the first beat does not leave a stretch at the default tempo.
 */
public final class TempoMap {
    /** Tempo used when a file states none, in quarter notes per minute (the MIDI default of 500000 us/quarter). */
    public static final double DEFAULT_BPM = 120.0;

    private final double[] startBeat;
    private final double[] bpm;
    private final double[] startSeconds;

    private TempoMap(double[] startBeat, double[] bpm) {
        this.startBeat = startBeat;
        this.bpm = bpm;
        this.startSeconds = new double[bpm.length];
        for (int i = 1; i < bpm.length; i++) {
            startSeconds[i] = startSeconds[i - 1] + (startBeat[i] - startBeat[i - 1]) * 60.0 / bpm[i - 1];
        }
    }

    /** A constant tempo in quarter notes per minute. */
    public static TempoMap constant(double bpm) {
        return new TempoMap(new double[] {0}, new double[] {bpm});
    }

    /**
     * Builds a map from tempo changes (beat position to quarter notes per minute). A later change at the same
     * position replaces an earlier one. An empty map gives {@link #DEFAULT_BPM}.
     */
    public static TempoMap of(TreeMap<Double, Double> changes) {
        if (changes.isEmpty()) return constant(DEFAULT_BPM);
        List<double[]> list = new ArrayList<>();
        for (var e : changes.entrySet()) {
            if (!(e.getValue() > 0) || e.getValue().isInfinite()) continue;
            if (!list.isEmpty() && list.get(list.size() - 1)[1] == e.getValue()) continue;
            list.add(new double[] {e.getKey(), e.getValue()});
        }
        if (list.isEmpty()) return constant(DEFAULT_BPM);
        list.get(0)[0] = 0;
        double[] b = new double[list.size()];
        double[] t = new double[list.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = list.get(i)[0];
            t[i] = list.get(i)[1];
        }
        return new TempoMap(b, t);
    }

    /**
     * This map with fermata holds: inside every span the tempo is the tempo of this map divided by {@code factor},
     * so a held note lasts {@code factor} times its notated time; outside the spans the tempo is unchanged. Spans
     * that overlap or touch are merged first ({@link HoldSpan#merge}), so a hold written in several parts slows
     * the music once. A span may cross tempo changes of this map: each part of it is slowed by the same factor.
     *
     * @param spans  held stretches in quarter notes from the start of the piece; may be empty
     * @param factor how many times longer a held stretch lasts; 1 gives this map unchanged; must be finite and &gt; 0
     * @return a new map (or this map if nothing changes)
     * @throws IllegalArgumentException if {@code factor} is not a finite positive number
     */
    public TempoMap withHolds(List<HoldSpan> spans, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new UsageException("fermata hold factor must be a finite number > 0: " + factor);
        }
        List<HoldSpan> holds = HoldSpan.merge(spans);
        if (factor == 1 || holds.isEmpty()) return this;
        TreeSet<Double> breaks = new TreeSet<>();
        for (double b : startBeat) breaks.add(b);
        for (HoldSpan h : holds) {
            breaks.add(h.startBeat());
            breaks.add(h.endBeat());
        }
        TreeMap<Double, Double> changes = new TreeMap<>();
        int h = 0;
        for (double b : breaks) {
            while (h < holds.size() && holds.get(h).endBeat() <= b) h++;
            boolean held = h < holds.size() && holds.get(h).startBeat() <= b;
            changes.put(b, held ? bpmAt(b) / factor : bpmAt(b));
        }
        return of(changes);
    }

    /** Time in seconds of position {@code beat} (quarter notes from the start of the piece). */
    public double seconds(double beat) {
        int i = segment(beat);
        return startSeconds[i] + (beat - startBeat[i]) * 60.0 / bpm[i];
    }

    /** Tempo in quarter notes per minute at position {@code beat}. */
    public double bpmAt(double beat) {
        return bpm[segment(beat)];
    }

    /** Number of constant-tempo segments. */
    public int segments() {
        return bpm.length;
    }

    private int segment(double beat) {
        int i = java.util.Arrays.binarySearch(startBeat, beat);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }
}
