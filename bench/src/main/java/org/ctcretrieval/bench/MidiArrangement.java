package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.ctcretrieval.common.InputException;

/**
 * Rewrites a piano performance MIDI for the realistic benchmark: instruments, tuning and tempo.
 *
 * <ul>
 *   <li><b>Instruments</b> ({@link ProgramSet}): channel 1 plays the accompaniment program; with a melody
 *       instrument, the top voice moves to channel 2. A note belongs to the top voice when it sounds at or above
 *       {@value #MELODY_LOWEST} (G3) and no note starting within {@value #CHORD_SECONDS} s of it is higher (the
 *       "skyline" of the performance). Program changes, bank selects, volume and system exclusive messages of the
 *       source are dropped; sustain and soft pedal reach only a piano accompaniment.</li>
 *   <li><b>Tuning</b>: a pitch bend on both channels at the start (bend range set to ±2 semitones by RPN 0, the
 *       General MIDI default) shifts everything by {@code 1200 log2(tuningHz / 440)} cents; the bend resolution is
 *       200/8192 = 0.024 cents. Pitch bends of the source are dropped.</li>
 *   <li><b>Tempo</b>: every tempo event is scaled by {@code stretch} (2 = twice as slow), so a time {@code t} of
 *       the source plays at {@code stretch * t} (up to the microsecond rounding of MIDI tempos).</li>
 * </ul>
 */
public final class MidiArrangement {
    /** Lowest pitch of the top voice (G3): a bass line alone is not a melody. */
    static final int MELODY_LOWEST = 55;
    /** Onsets closer than this belong to one chord when finding the top voice. */
    static final double CHORD_SECONDS = 0.05;
    private static final int ACCOMPANIMENT = 0;
    private static final int MELODY = 1;

    private MidiArrangement() {}

    private record Note(long on, long off, int pitch, int velocity) {}

    /**
     * Writes the arranged {@code midi} to {@code out}.
     *
     * @param tuningHz frequency of A4, e.g. 415 for Baroque pitch
     * @param stretch  factor applied to every duration (performed tempo divided by it)
     */
    public static void write(Path midi, ProgramSet programs, double tuningHz, double stretch, Path out)
            throws IOException {
        if (!(tuningHz > 440 * Math.pow(2, -2 / 12.0) && tuningHz < 440 * Math.pow(2, 2 / 12.0))) {
            throw new IllegalArgumentException("tuning must be within 2 semitones of A=440: " + tuningHz);
        }
        if (!(stretch > 0)) throw new IllegalArgumentException("tempo stretch must be positive: " + stretch);
        Sequence in = MidiTempoMap.readSequence(midi);
        if (in.getDivisionType() != Sequence.PPQ) throw new InputException(midi, "SMPTE-timed MIDI is not supported");
        try {
            MidiSystem.write(arranged(in, programs, tuningHz, stretch), 1, out.toFile());
        } catch (InvalidMidiDataException e) {
            throw new InputException(midi, "cannot arrange MIDI events: " + e.getMessage(), e);
        }
    }

    static Sequence arranged(Sequence in, ProgramSet programs, double tuningHz, double stretch)
            throws InvalidMidiDataException {
        MidiTempoMap tempo = MidiTempoMap.of(in);
        double ppq = in.getResolution();
        Sequence out = new Sequence(Sequence.PPQ, in.getResolution());
        Track meta = out.createTrack();
        Track notes = out.createTrack();
        boolean tempoAtStart = false;
        List<Note> all = new ArrayList<>();
        Map<Integer, Deque<long[]>> open = new HashMap<>(); // pitch -> {onTick, velocity} of sounding notes
        List<MidiEvent> pedals = new ArrayList<>();
        List<MidiEvent> events = new ArrayList<>();
        for (Track t : in.getTracks()) {
            for (int i = 0; i < t.size(); i++) events.add(t.get(i));
        }
        events.sort(Comparator.comparingLong(MidiEvent::getTick)); // stable: keeps each track's order
        for (MidiEvent e : events) {
            if (e.getMessage() instanceof MetaMessage m) {
                if (m.getType() == 0x2F) continue; // end of track: the writer adds it
                if (m.getType() == 0x51 && m.getData().length == 3) {
                    byte[] d = m.getData();
                    long us = ((d[0] & 0xFFL) << 16) | ((d[1] & 0xFFL) << 8) | (d[2] & 0xFFL);
                    meta.add(new MidiEvent(tempoEvent(us * stretch), e.getTick()));
                    tempoAtStart |= e.getTick() == 0;
                } else {
                    meta.add(e);
                }
            } else if (e.getMessage() instanceof ShortMessage s) {
                int cmd = s.getCommand();
                if (cmd == ShortMessage.NOTE_ON && s.getData2() > 0) {
                    open.computeIfAbsent(s.getData1(), k -> new ArrayDeque<>()).addLast(new long[] {e.getTick(), s.getData2()});
                } else if (cmd == ShortMessage.NOTE_OFF || cmd == ShortMessage.NOTE_ON) {
                    Deque<long[]> q = open.get(s.getData1());
                    if (q != null && !q.isEmpty()) {
                        long[] on = q.removeFirst();
                        all.add(new Note(on[0], e.getTick(), s.getData1(), (int) on[1]));
                    }
                } else if (cmd == ShortMessage.CONTROL_CHANGE && (s.getData1() == 64 || s.getData1() == 67)) {
                    pedals.add(e);
                }
            }
        }
        long end = events.isEmpty() ? 0 : events.get(events.size() - 1).getTick();
        open.forEach((pitch, q) -> q.forEach(on -> all.add(new Note(on[0], end, pitch, (int) on[1]))));
        if (!tempoAtStart) meta.add(new MidiEvent(tempoEvent(500_000 * stretch), 0));

        setUp(notes, ACCOMPANIMENT, programs.accompaniment(), tuningHz);
        if (programs.hasMelody()) setUp(notes, MELODY, programs.melody(), tuningHz);
        boolean[] top = programs.hasMelody() ? topVoice(all, tempo, ppq) : new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Note n = all.get(i);
            int ch = top[i] ? MELODY : ACCOMPANIMENT;
            notes.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, n.pitch(), n.velocity()), n.on()));
            notes.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, n.pitch(), 0), n.off()));
        }
        if (programs.pedal()) {
            for (MidiEvent e : pedals) {
                ShortMessage s = (ShortMessage) e.getMessage();
                notes.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ACCOMPANIMENT, s.getData1(),
                        s.getData2()), e.getTick()));
            }
        }
        return out;
    }

    /** Program, ±2 semitone bend range (RPN 0) and the tuning bend of one channel, at tick 0. */
    private static void setUp(Track t, int ch, int program, double tuningHz) throws InvalidMidiDataException {
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, program, 0), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, 101, 0), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, 100, 0), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, 6, 2), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, 38, 0), 0));
        int bend = pitchBend(tuningHz);
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PITCH_BEND, ch, bend & 0x7F, bend >> 7), 0));
    }

    /** The 14-bit pitch bend value (8192 = none) that shifts A=440 to {@code tuningHz} with a ±2 semitone range. */
    static int pitchBend(double tuningHz) {
        double cents = 1200 * Math.log(tuningHz / 440) / Math.log(2);
        return (int) Math.max(0, Math.min(16383, 8192 + Math.round(cents / 200 * 8192)));
    }

    private static MetaMessage tempoEvent(double microsecondsPerQuarter) throws InvalidMidiDataException {
        long us = Math.max(1, Math.min(0xFFFFFF, Math.round(microsecondsPerQuarter)));
        return new MetaMessage(0x51, new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3);
    }

    /** Whether each note is the highest of the notes starting within {@link #CHORD_SECONDS} of it. */
    static boolean[] topVoice(List<Note> notes, MidiTempoMap tempo, double ppq) {
        int n = notes.size();
        double[] onset = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            onset[i] = tempo.seconds(notes.get(i).on() / ppq);
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> onset[i]));
        boolean[] top = new boolean[n];
        int lo = 0;
        int hi = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            while (onset[order[lo]] < onset[i] - CHORD_SECONDS) lo++;
            while (hi + 1 < n && onset[order[hi + 1]] <= onset[i] + CHORD_SECONDS) hi++;
            boolean highest = notes.get(i).pitch() >= MELODY_LOWEST;
            for (int j = lo; j <= hi && highest; j++) highest = notes.get(order[j]).pitch() <= notes.get(i).pitch();
            top[i] = highest;
        }
        return top;
    }
}
