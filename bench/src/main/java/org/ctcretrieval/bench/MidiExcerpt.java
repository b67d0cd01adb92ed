package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.ctcretrieval.common.InputException;

/**
 * Writes the beginning of a MIDI file, so that a synthesizer renders only the part that is kept.
 *
 * <p>Events up to {@code seconds} are copied; at that time every channel gets sustain-pedal off and all-notes-off,
 * and every note still sounding gets its note-off in its own track, so the excerpt ends cleanly. (FluidSynth's
 * player ignores the first track's closing events when a later track ends before them, and a sustaining
 * instrument such as an organ or strings would then sound for ever.) Rendering is causal, so audio before the
 * cut is the same as when rendering the whole file.
 */
public final class MidiExcerpt {
    private MidiExcerpt() {}

    /**
     * Writes the first {@code seconds} of {@code midi} to {@code out}.
     *
     * @param seconds end of the excerpt in seconds of the file's own time line (its tempo map)
     */
    public static void write(Path midi, double seconds, Path out) throws IOException {
        Sequence in = MidiTempoMap.readSequence(midi);
        if (in.getDivisionType() != Sequence.PPQ) throw new InputException(midi, "SMPTE-timed MIDI is not supported");
        long cut = Math.round(MidiTempoMap.of(in).quarters(seconds) * in.getResolution());
        try {
            Sequence excerpt = new Sequence(Sequence.PPQ, in.getResolution());
            for (Track t : in.getTracks()) {
                Track copy = excerpt.createTrack();
                Set<Integer> sounding = new TreeSet<>(); // channel * 128 + key of notes on at the cut
                for (int i = 0; i < t.size(); i++) {
                    MidiEvent e = t.get(i);
                    boolean endOfTrack = e.getMessage() instanceof MetaMessage m && m.getType() == 0x2F;
                    if (e.getTick() > cut || endOfTrack) continue;
                    copy.add(e);
                    if (e.getMessage() instanceof ShortMessage s) {
                        int key = s.getChannel() * 128 + s.getData1();
                        if (s.getCommand() == ShortMessage.NOTE_ON && s.getData2() > 0) sounding.add(key);
                        else if (s.getCommand() == ShortMessage.NOTE_OFF || s.getCommand() == ShortMessage.NOTE_ON) sounding.remove(key);
                    }
                }
                for (int key : sounding) {
                    copy.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, key / 128, key % 128, 0), cut));
                }
            }
            Track last = excerpt.getTracks()[0];
            for (int ch = 0; ch < 16; ch++) {
                last.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, 64, 0), cut));
                last.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, 123, 0), cut));
            }
            int[] types = MidiSystem.getMidiFileTypes(excerpt);
            int type = types.length == 0 ? 1 : types[types.length - 1];
            MidiSystem.write(excerpt, type, out.toFile());
        } catch (InvalidMidiDataException e) {
            throw new InputException(midi, "cannot copy MIDI events: " + e.getMessage(), e);
        }
    }
}
