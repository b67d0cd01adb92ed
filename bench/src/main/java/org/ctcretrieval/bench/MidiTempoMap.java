package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;
import org.ctcretrieval.common.InputException;

/**
 * Converts times of a MIDI file between seconds and quarter notes, from its tempo events (meta type 0x51,
 * microseconds per quarter; 500000 = 120 BPM until the first tempo event, as the Standard MIDI File spec says).
 */
public final class MidiTempoMap {
    private static final int DEFAULT_TEMPO = 500_000;

    private final double[] startQuarters; // quarter position where each tempo segment starts
    private final double[] startSeconds;  // time in seconds where each tempo segment starts
    private final double[] secondsPerQuarter;

    private MidiTempoMap(double[] startQuarters, double[] startSeconds, double[] secondsPerQuarter) {
        this.startQuarters = startQuarters;
        this.startSeconds = startSeconds;
        this.secondsPerQuarter = secondsPerQuarter;
    }

    /** Reads the tempo events of a MIDI file (PPQ timing required). */
    public static MidiTempoMap read(Path midi) throws IOException {
        Sequence seq = readSequence(midi);
        if (seq.getDivisionType() != Sequence.PPQ) throw new InputException(midi, "SMPTE-timed MIDI is not supported");
        return of(seq);
    }

    /** Reads a MIDI file with the JDK's MIDI reader. */
    static Sequence readSequence(Path midi) throws IOException {
        try {
            return MidiSystem.getSequence(midi.toFile());
        } catch (InvalidMidiDataException e) {
            throw new InputException(midi, "not a readable MIDI file: " + e.getMessage(), e);
        }
    }

    /** The tempo map of a PPQ-timed sequence. */
    static MidiTempoMap of(Sequence seq) {
        if (seq.getDivisionType() != Sequence.PPQ) throw new IllegalArgumentException("SMPTE-timed MIDI is not supported");
        double ppq = seq.getResolution();
        List<long[]> tempos = new ArrayList<>(); // {tick, microseconds per quarter}
        for (Track track : seq.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent ev = track.get(i);
                if (ev.getMessage() instanceof MetaMessage m && m.getType() == 0x51 && m.getData().length == 3) {
                    byte[] d = m.getData();
                    long us = ((d[0] & 0xFFL) << 16) | ((d[1] & 0xFFL) << 8) | (d[2] & 0xFFL);
                    tempos.add(new long[] {ev.getTick(), us});
                }
            }
        }
        tempos.sort(Comparator.comparingLong(t -> t[0]));
        if (tempos.isEmpty() || tempos.get(0)[0] > 0) tempos.add(0, new long[] {0, DEFAULT_TEMPO});
        int n = tempos.size();
        double[] q = new double[n];
        double[] s = new double[n];
        double[] spq = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = tempos.get(i)[0] / ppq;
            spq[i] = tempos.get(i)[1] / 1e6;
            s[i] = i == 0 ? 0 : s[i - 1] + (q[i] - q[i - 1]) * spq[i - 1];
        }
        return new MidiTempoMap(q, s, spq);
    }

    /** Position in quarter notes of the time {@code seconds}. */
    public double quarters(double seconds) {
        int i = segment(startSeconds, seconds);
        return startQuarters[i] + (seconds - startSeconds[i]) / secondsPerQuarter[i];
    }

    /** Time in seconds of the position {@code quarters}. */
    public double seconds(double quarters) {
        int i = segment(startQuarters, quarters);
        return startSeconds[i] + (quarters - startQuarters[i]) * secondsPerQuarter[i];
    }

    private static int segment(double[] starts, double x) {
        int i = 0;
        while (i + 1 < starts.length && starts[i + 1] <= x) i++;
        return i;
    }
}
