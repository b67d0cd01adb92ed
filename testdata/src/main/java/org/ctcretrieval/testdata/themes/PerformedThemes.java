package org.ctcretrieval.testdata.themes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.ctcretrieval.testdata.NoteRenderer.NoteEvent;

/**
 * Themes and their performances under conditions a score does not state: another tempo (a slow movement at a
 * third of its marked tempo, a virtuoso at three times it), another tuning (historical pitch), an offset in the
 * recording. A theme is a seeded random melody over a bass; its score is a MIDI file, its performances are note
 * lists for {@link org.ctcretrieval.testdata.NoteRenderer}.
 */
public final class PerformedThemes {
    /** Cents from A=440 Hz to historical (Baroque) pitch A=415 Hz: {@code 1200 log2(415/440)}. */
    public static final double A415_CENTS = 1200 * Math.log(415.0 / 440.0) / Math.log(2);

    private PerformedThemes() {}

    /**
     * A theme of {@code notes} melody notes (MIDI 64-84, eighth to dotted quarter at the score tempo of 120 bpm,
     * i.e. 0.25-0.75 s), each bar of 2 s over a bass note (MIDI 40-52) held through the bar; times in seconds at the score
     * tempo, starting at 0.
     */
    public static List<NoteEvent> theme(long seed, int notes) {
        Random rnd = new Random(seed);
        List<NoteEvent> out = new ArrayList<>();
        double t = 0;
        int pitch = 64 + rnd.nextInt(12);
        for (int i = 0; i < notes; i++) {
            double d = 0.25 * (1 + rnd.nextInt(3));
            out.add(new NoteEvent(t, d, pitch, 1.0));
            t += d;
            pitch = Math.max(64, Math.min(84, pitch + rnd.nextInt(9) - 4));
        }
        for (double bar = 0; bar < t; bar += 2) {
            out.add(new NoteEvent(bar, Math.min(2, t - bar), 40 + rnd.nextInt(13), 0.6));
        }
        return out;
    }

    /** Length of a note list in seconds (its last offset). */
    public static double duration(List<NoteEvent> notes) {
        double end = 0;
        for (NoteEvent n : notes) end = Math.max(end, n.onsetSeconds() + n.durationSeconds());
        return end;
    }

    /**
     * The notes played at {@code tempo} times the score tempo (0.3 = a third as fast, every note 3.33 times as
     * long), starting at {@code offsetSeconds}.
     */
    public static List<NoteEvent> performed(List<NoteEvent> score, double tempo, double offsetSeconds) {
        List<NoteEvent> out = new ArrayList<>();
        for (NoteEvent n : score) {
            out.add(new NoteEvent(offsetSeconds + n.onsetSeconds() / tempo, n.durationSeconds() / tempo, n.midiPitch(),
                    n.gain()));
        }
        return out;
    }

    /**
     * Writes the score of a theme as a format-1 MIDI file: a conductor track with the tempo ({@code bpm} quarter
     * notes per minute; none if {@code bpm} is null, so a reader must assume a tempo) and one track with the notes,
     * whose seconds are read at 120 bpm (two quarter notes a second).
     */
    public static Path midi(List<NoteEvent> score, Double bpm, Path file) throws IOException {
        int ppq = ThemeFixtures.MIDI_RESOLUTION;
        try {
            Sequence seq = new Sequence(Sequence.PPQ, ppq);
            Track conductor = seq.createTrack();
            if (bpm != null) {
                int us = (int) Math.round(60e6 / bpm);
                byte[] data = {(byte) (us >> 16), (byte) (us >> 8), (byte) us};
                conductor.add(new MidiEvent(new MetaMessage(0x51, data, 3), 0));
            }
            Track t = seq.createTrack();
            for (NoteEvent n : score) {
                long on = Math.round(n.onsetSeconds() * 2 * ppq);
                long off = Math.round((n.onsetSeconds() + n.durationSeconds()) * 2 * ppq);
                int velocity = (int) Math.round(Math.max(1, Math.min(127, 100 * n.gain())));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, n.midiPitch(), velocity), on));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, n.midiPitch(), 0), off));
            }
            try (OutputStream os = Files.newOutputStream(file)) {
                MidiSystem.write(seq, 1, os);
            }
            return file;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
