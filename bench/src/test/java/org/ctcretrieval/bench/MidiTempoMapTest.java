package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seconds <-> quarters over tempo changes, by hand; and MIDI excerpts. */
class MidiTempoMapTest {
    @TempDir Path dir;

    static MetaMessage tempo(int microsPerQuarter) throws Exception {
        byte[] d = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        return new MetaMessage(0x51, d, 3);
    }

    /** 480 PPQ; 120 BPM (0.5 s/quarter) from 0, 60 BPM (1 s/quarter) from quarter 4 (tick 1920); notes to quarter 10. */
    Path file() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        t.add(new MidiEvent(tempo(500_000), 0));
        t.add(new MidiEvent(tempo(1_000_000), 1920));
        for (int q = 0; q < 10; q++) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60 + q, 80), q * 480L));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60 + q, 0), q * 480L + 400));
        }
        Path f = dir.resolve("t.mid");
        MidiSystem.write(seq, 0, f.toFile());
        return f;
    }

    @Test
    void convertsAcrossATempoChange() throws Exception {
        MidiTempoMap m = MidiTempoMap.read(file());
        // quarter 2 at 0.5 s/quarter -> 1.0 s
        assertEquals(1.0, m.seconds(2), 1e-12);
        // quarter 4 -> 2.0 s; quarter 6 -> 2.0 + 2 * 1.0 = 4.0 s
        assertEquals(2.0, m.seconds(4), 1e-12);
        assertEquals(4.0, m.seconds(6), 1e-12);
        assertEquals(6.0, m.quarters(4.0), 1e-12);
        assertEquals(3.0, m.quarters(1.5), 1e-12);
    }

    @Test
    void excerptKeepsEventsUpToTheCutAndSilencesEveryChannel() throws Exception {
        Path out = dir.resolve("x.mid");
        // 3.0 s = quarter 5 (2 s for quarters 0-4, then 1 s per quarter) = tick 2400
        MidiExcerpt.write(file(), 3.0, out);
        Sequence x = MidiSystem.getSequence(out.toFile());
        int notesOn = 0;
        long last = 0;
        int allNotesOff = 0;
        for (Track t : x.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                last = Math.max(last, e.getTick());
                if (e.getMessage() instanceof ShortMessage s) {
                    if (s.getCommand() == ShortMessage.NOTE_ON) notesOn++;
                    if (s.getCommand() == ShortMessage.CONTROL_CHANGE && s.getData1() == 123) allNotesOff++;
                }
            }
        }
        // notes start at ticks 0, 480, ..., 2400 -> 6 notes at or before the cut
        assertEquals(6, notesOn);
        assertEquals(2400, last);
        assertEquals(16, allNotesOff);
    }
}
