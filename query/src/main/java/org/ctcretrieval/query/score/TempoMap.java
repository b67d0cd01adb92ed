package org.ctcretrieval.query.score;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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
