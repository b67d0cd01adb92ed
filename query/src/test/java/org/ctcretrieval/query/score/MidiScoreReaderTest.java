package org.ctcretrieval.query.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MIDI details checked on a file written byte by byte: running status, Note On velocity 0, tempo change, drums. */
class MidiScoreReaderTest {
    @TempDir Path dir;

    private static byte[] smf(String trackHex) {
        byte[] track = hex(trackHex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hex("4d546864 00000006 0000 0001 01e0"));  // MThd, format 0, 480 ppq
        out.writeBytes(hex("4d54726b"));                          // MTrk
        out.writeBytes(new byte[] {0, 0, (byte) (track.length >> 8), (byte) track.length});
        out.writeBytes(track);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void runningStatusVelocityZeroTempoChangeAndPercussion() throws IOException {
        Path f = dir.resolve("hand.mid");
        Files.write(f, smf(""
                + "00 ff5103 07a120"      // tempo 500000 us/quarter = 120 bpm
                + "00 90 3c 64"           // C4 on
                + "00    40 50"           // running status: E4 on
                + "8360  3c 00"           // +480: running status, C4 velocity 0 = off
                + "00    40 00"           // E4 off
                + "00 ff5103 0f4240"      // tempo 1000000 us/quarter = 60 bpm
                + "00 99 24 64"           // channel 10 bass drum: ignored
                + "00 90 43 46"           // G4 on, velocity 70
                + "8360 80 43 40"         // +480: explicit Note Off
                + "00 89 24 00"
                + "00 ff2f00"));
        Score s = ScoreReader.read(f, ScoreSelection.ALL);
        assertEquals(List.of(new PartInfo("T1", "", 1)), s.parts());
        List<Note> n = s.notes();
        assertEquals(List.of(60, 64, 67), n.stream().map(Note::pitch).toList());
        assertEquals(List.of(0.0, 0.0, 1.0), n.stream().map(Note::onsetBeats).toList());
        assertEquals(List.of(1.0, 1.0, 1.0), n.stream().map(Note::durationBeats).toList());
        assertEquals(List.of(0.0, 0.0, 0.5), n.stream().map(Note::onsetSeconds).toList());
        assertEquals(List.of(0.5, 0.5, 1.0), n.stream().map(Note::durationSeconds).toList());
        assertEquals(List.of(100, 80, 70), n.stream().map(Note::velocity).toList());
        assertEquals(List.of("1", "1", "1"), n.stream().map(Note::voice).toList());
    }

    @Test
    void overlappingSamePitchNotesEndFirstInFirstOutAndTimeSignaturesMakeBars() throws IOException {
        Path f = dir.resolve("overlap.mid");
        Files.write(f, smf(""
                + "00 ff5804 03021808"    // 3/4
                + "00 91 3c 64"           // channel 2: C4 on at 0
                + "8360 3c 64"            // +480: C4 struck again while sounding
                + "8360 3c 00"            // +480: first off -> ends the first note
                + "8360 3c 00"            // +480: second off
                + "00 ff5804 02021808"    // 2/4 from beat 3 (bar 2)
                + "8f00 91 3e 64"         // +1920: D4 on at beat 7 (a meta event cancels running status)
                + "8360 3e 00"
                + "00 ff2f00"));
        Score s = ScoreReader.read(f, ScoreSelection.ALL);
        List<Note> n = s.notes();
        assertEquals(List.of(60, 60, 62), n.stream().map(Note::pitch).toList());
        assertEquals(List.of(0.0, 1.0, 7.0), n.stream().map(Note::onsetBeats).toList());
        assertEquals(List.of(2.0, 2.0, 1.0), n.stream().map(Note::durationBeats).toList());
        assertEquals("2", n.get(0).voice(), "voice = MIDI channel from 1");
        // bars: 3/4 at beat 0 (bar 1: 0-3), 2/4 from beat 3: bar 2 = 3-5, bar 3 = 5-7, bar 4 = 7-9
        assertEquals(List.of("1", "1", "4"), n.stream().map(Note::measure).toList());
        assertEquals(List.of(0.0, 3.0, 5.0, 7.0), s.measures().stream().map(Measure::startBeat).toList());
    }

    @Test
    void aCorruptTrackIsNamedNotReportedAsHavingNoNotes() throws IOException {
        byte[] good = smf("00 903c40 8360 803c00 00 ff2f00");
        // the track's length field says 200 bytes more than the file holds
        byte[] longer = good.clone();
        longer[21] = (byte) (longer[21] + 200);
        Path f = Files.write(dir.resolve("cut.mid"), longer);
        InputException e = assertThrows(InputException.class, () -> ScoreReader.read(f));
        assertEquals(f + ": corrupt MIDI file: track 1 of 1 declares " + ((good[21] & 0xff) + 200) + " bytes, the file holds "
                + (good.length - 22) + " more", e.getMessage());
        // a header that announces two tracks in a file of one
        byte[] two = good.clone();
        two[11] = 2;
        Path g = Files.write(dir.resolve("two.mid"), two);
        InputException e2 = assertThrows(InputException.class, () -> ScoreReader.read(g));
        assertEquals(g + ": corrupt MIDI file: the header announces 2 track(s), the file ends before track 2", e2.getMessage());
    }
}
