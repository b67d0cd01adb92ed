package org.ctcretrieval.query.score;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile score files are refused with an {@link InputException} naming the file and the place. */
class ScoreReaderMalformedInputTest {
    private static final String SECRET = "TOP-SECRET-4711-do-not-leak";
    private static final String BODY = "<part id=\"P1\"><measure number=\"1\"><attributes><divisions>1</divisions>"
            + "</attributes><note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration></note>"
            + "</measure></part></score-partwise>";

    @TempDir Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private InputException refused(Path f) {
        return refused(f, ScoreSelection.ALL);
    }

    private InputException refused(Path f, ScoreSelection sel) {
        InputException e = assertThrows(InputException.class, () -> ScoreReader.read(f, sel));
        assertTrue(e.getMessage().startsWith(f + ": "), "message names the file: " + e.getMessage());
        assertEquals(f, e.file());
        return e;
    }

    @Test
    void truncatedMusicXmlReportsLineAndColumn() throws IOException {
        byte[] full = ThemeFixtures.bytes(ThemeFixtures.BEETHOVEN5);
        Path f = write("truncated.musicxml", Arrays.copyOf(full, full.length / 2));
        InputException e = refused(f);
        assertTrue(e.getMessage().matches("(?s).*: malformed XML \\(line \\d+, column \\d+\\): .*"), e.getMessage());
    }

    @Test
    void truncatedMxlEntryNamesTheEntry() throws IOException {
        byte[] full = ThemeFixtures.bytes(ThemeFixtures.BEETHOVEN5);
        Path f = dir.resolve("t.mxl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new ZipEntry("META-INF/container.xml"));
            zip.write("<container><rootfiles><rootfile full-path=\"s.xml\"/></rootfiles></container>"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("s.xml"));
            zip.write(Arrays.copyOf(full, 700));
        }
        InputException e = refused(f);
        assertTrue(e.getMessage().contains("malformed XML (s.xml, line "), e.getMessage());
    }

    /** The secret may appear neither in an error message nor in anything parsed (part names). */
    private void assertNoLeak(Path f) throws IOException {
        try {
            Score s = ScoreReader.read(f, ScoreSelection.ALL);
            for (PartInfo p : s.parts()) assertFalse(p.name().contains(SECRET), "leaked into part name");
            assertFalse(s.toString().contains(SECRET));
        } catch (InputException e) {
            assertFalse(e.getMessage().contains(SECRET), "leaked into error: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        }
    }

    @Test
    void externalEntityReferencingALocalFileIsNotResolved() throws IOException {
        Path secret = write("secret.txt", SECRET);
        Path f = write("xxe.musicxml", "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise [\n"
                + "<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n<score-partwise><part-list>"
                + "<score-part id=\"P1\"><part-name>A&xxe;B</part-name></score-part></part-list>" + BODY);
        assertNoLeak(f);
        Score s = ScoreReader.read(f, ScoreSelection.ALL);
        assertEquals("AB", s.parts().get(0).name(), "the external entity is skipped, the rest parses");
    }

    @Test
    void externalDtdAndParameterEntitiesAreNotLoaded() throws IOException {
        Path secret = write("secret.txt", SECRET);
        Path dtd = write("evil.dtd", "<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">");
        Path viaDtd = write("dtd.musicxml", "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise SYSTEM \""
                + dtd.toUri() + "\">\n<score-partwise><part-list><score-part id=\"P1\"><part-name>&leak;"
                + "</part-name></score-part></part-list>" + BODY);
        assertNoLeak(viaDtd);
        Path viaParam = write("param.musicxml", "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise [\n"
                + "<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]>\n<score-partwise><part-list>"
                + "<score-part id=\"P1\"><part-name>x</part-name></score-part></part-list>" + BODY);
        assertNoLeak(viaParam);
    }

    @Test
    void billionLaughsDoesNotExpand() throws IOException {
        StringBuilder dtd = new StringBuilder("<!ENTITY l0 \"ha\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        Path f = write("laughs.musicxml", "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise [" + dtd
                + "]>\n<score-partwise><part-list><score-part id=\"P1\"><part-name>&l10;</part-name></score-part>"
                + "</part-list>" + BODY);
        long t0 = System.nanoTime();
        try {
            Score s = ScoreReader.read(f, ScoreSelection.ALL);
            // entity references are not expanded into the document: the name stays small
            assertTrue(s.parts().get(0).name().length() < 1000, "entity expansion must be bounded");
        } catch (InputException e) {
            assertTrue(e.getMessage().startsWith(f + ": malformed XML"), e.getMessage());
        }
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "no exponential expansion");
    }

    @Test
    void zipBombIsRefused() throws IOException {
        Path f = dir.resolve("bomb.mxl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new ZipEntry("META-INF/container.xml"));
            zip.write("<container><rootfiles><rootfile full-path=\"s.xml\"/></rootfiles></container>"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("s.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 80; i++) zip.write(zeros);  // 80 MiB of zeros deflate to ~80 KiB
        }
        assertTrue(Files.size(f) < 1 << 20, "the bomb is small on disk");
        InputException e = refused(f);
        assertTrue(e.getMessage().contains("zip inflates to more than 64 MiB (refused as a possible zip bomb"),
                e.getMessage());
    }

    @Test
    void zipWithTooManyEntriesIsRefused() throws IOException {
        Path f = dir.resolve("many.mxl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
            for (int i = 0; i <= MxlContainer.MAX_ENTRIES; i++) zip.putNextEntry(new ZipEntry("e" + i));
        }
        assertTrue(refused(f).getMessage().endsWith("zip has more than 1000 entries (refused)"));
    }

    @Test
    void mxlWithoutContainerOrWithAMissingRootfile() throws IOException {
        Path noContainer = dir.resolve("nc.mxl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noContainer))) {
            zip.putNextEntry(new ZipEntry("score.xml"));
            zip.write(ThemeFixtures.bytes(ThemeFixtures.BEETHOVEN5));
        }
        assertEquals(noContainer + ": not a compressed MusicXML file: the zip has no META-INF/container.xml",
                refused(noContainer).getMessage());
        Path missing = dir.resolve("mr.mxl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(missing))) {
            zip.putNextEntry(new ZipEntry("META-INF/container.xml"));
            zip.write("<container><rootfiles><rootfile full-path=\"gone.xml\"/></rootfiles></container>"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(missing + ": META-INF/container.xml names rootfile 'gone.xml' but the zip has no such entry",
                refused(missing).getMessage());
    }

    @Test
    void garbageIsNotTakenForAScore() throws IOException {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        junk[0] = 1;
        Path random = write("junk.mid", junk);
        assertEquals(random + ": unrecognised score format (expected MusicXML, compressed MusicXML .mxl or a "
                + "Standard MIDI File)", refused(random).getMessage());
        byte[] headerThenJunk = Arrays.copyOf("MThd".getBytes(StandardCharsets.US_ASCII), 200);
        System.arraycopy(junk, 0, headerThenJunk, 4, 196);
        Path badMidi = write("bad.mid", headerThenJunk);
        assertTrue(refused(badMidi).getMessage().startsWith(badMidi + ": not a valid Standard MIDI File"));
        Path empty = write("empty.mid", new byte[0]);
        assertEquals(empty + ": file is empty", refused(empty).getMessage());
        Path absent = dir.resolve("absent.musicxml");
        assertEquals(absent + ": no such file", refused(absent).getMessage());
        Path html = write("page.xml", "<html><body>not a score</body></html>");
        assertEquals(html + ": not a MusicXML score: root element is <html>, expected <score-partwise> or "
                + "<score-timewise>", refused(html).getMessage());
    }

    @Test
    void midiWithoutNotesOrOnlyPercussionIsRefused() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {7, (byte) 0xA1, 0x20}, 3), 0));
        Track drums = seq.createTrack();
        drums.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, 36, 100), 0));
        drums.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 9, 36, 0), 480));
        Path f = dir.resolve("drums.mid");
        try (OutputStream os = Files.newOutputStream(f)) {
            MidiSystem.write(seq, 1, os);
        }
        assertEquals(f + ": the MIDI file has no notes (channel 10 percussion is ignored)", refused(f).getMessage());
    }

    @Test
    void measureRangeOutsideThePieceAndUnknownPart() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        assertEquals(f + ": measures 4-9 are outside the piece (measures 1-5)",
                refused(f, ScoreSelection.ALL.withMeasures(MeasureRange.parse("4-9"))).getMessage());
        assertEquals(f + ": no part 'Oboe' (parts: 1: P1 \"Violin I\", 2: P2 \"Clarinet in Bb\")",
                refused(f, ScoreSelection.ALL.withPart("Oboe")).getMessage());
        Path mid = ThemeFixtures.beethoven5Midi(dir);
        assertEquals(mid + ": measures 6-6 are outside the piece (measures 1-5)".replace("6-6", "6"),
                refused(mid, ScoreSelection.ALL.withMeasures(MeasureRange.parse("6"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MeasureRange.parse("9-4"));
        assertThrows(IllegalArgumentException.class, () -> MeasureRange.parse("five"));
    }

    @Test
    void backupPastTheMeasureStartIsRepairedAndReported() throws IOException {
        String note = "<note><pitch><step>%s</step><octave>4</octave></pitch><duration>%d</duration></note>";
        Path f = write("backup.musicxml", "<score-partwise><part-list><score-part id=\"P1\"><part-name>x</part-name>"
                + "</score-part></part-list><part id=\"P1\"><measure number=\"7\"><attributes><divisions>1"
                + "</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>"
                + String.format(Locale.ROOT, note, "C", 4) + "<backup><duration>6</duration></backup>" + String.format(Locale.ROOT, note, "D", 1)
                + "<forward><duration>10</duration></forward>" + String.format(Locale.ROOT, note, "E", 1) + "</measure>"
                + "<measure number=\"8\">" + String.format(Locale.ROOT, note, "F", 4) + "</measure></part></score-partwise>");
        Score s = ScoreReader.read(f, ScoreSelection.ALL);
        assertEquals(List.of("part P1, measure 7: <backup> moves before the measure start; position set to 0",
                "1 note(s) beyond the end of irregular measures left out"), s.warnings());
        assertEquals(List.of(60, 62, 65), s.notes().stream().map(Note::pitch).toList());
        assertEquals(List.of(0.0, 0.0, 4.0), s.notes().stream().map(Note::onsetBeats).toList());
        assertEquals(4.0, s.measures().get(0).lengthBeats(), "cut to the 4/4 time signature");
        assertEquals(List.of(), ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir),
                ScoreSelection.ALL).warnings(), "a clean file has no warnings");
    }

    @Test
    void oversizedFileIsRefusedBeforeReading() throws IOException {
        Path f = dir.resolve("huge.musicxml");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(ScoreReader.MAX_FILE_BYTES + 1);  // sparse: costs no disk space
        }
        assertEquals(f + ": file is too large (67108865 bytes; limit 67108864)", refused(f).getMessage());
    }

    @Test
    void midiFormat2IsRefused() throws IOException {
        byte[] smf = java.util.HexFormat.of().parseHex("4d546864000000060002000101e04d54726b0000000400ff2f00");
        Path f = write("f2.mid", smf);
        assertEquals(f + ": MIDI file format 2 is not supported (only formats 0 and 1)", refused(f).getMessage());
    }
}
