package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Outputs never collide, numeric options are bounded, and errors say whose fault they are. */
class CollisionsAndErrorsTest {
    @TempDir Path dir;

    private Path chord(Path file, int root) throws Exception {
        float[] x = SignalGenerator.chord(new int[] {root, root + 4, root + 7}, new double[] {1, 0.5}, 2.0, 22050);
        return WavWriter.write(file, 22050, WavWriter.Encoding.PCM_16, x);
    }

    @Test
    void chromaOfXwavAndXflacWritesTwoFiles() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        chord(in.resolve("X.wav"), 60);
        Path flacSource = chord(dir.resolve("other.wav"), 62);
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", flacSource.toString(),
                in.resolve("X.flac").toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        chord(in.resolve("Y.wav"), 65);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("chroma", "-i", in.toString(), "-o", out.toString(), "-f", "cqt", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote 3 of 3 file(s)"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("X.wav.npz")));
        assertTrue(Files.isRegularFile(out.resolve("X.flac.npz")));
        assertTrue(Files.isRegularFile(out.resolve("Y.npz")), "names that do not collide stay as apply_model.py writes them");
        assertFalse(Files.exists(out.resolve("X.npz")));
    }

    @Test
    void plotRefusesAnImageFormatItCannotWriteBeforeAnyWork() throws Exception {
        Path wav = chord(dir.resolve("a.wav"), 60);
        CliRun r = CliRun.of("plot", wav.toString(), "-o", dir.resolve("a.gif").toString(), "-f", "cqt");
        assertEquals(2, r.code());
        assertEquals("ctcr: error: " + dir.resolve("a.gif") + ": cannot write this image format (use a .png, .jpg or .jpeg file name)\n",
                r.err());
        CliRun jpg = CliRun.of("plot", wav.toString(), "-o", dir.resolve("a.jpg").toString(), "-f", "cqt");
        assertEquals(0, jpg.code(), jpg.err());
        byte[] head = Files.readAllBytes(dir.resolve("a.jpg"));
        assertEquals((byte) 0xFF, head[0], "JPEG bytes in a .jpg");
        assertEquals((byte) 0xD8, head[1]);
    }

    @Test
    void scoreRateIsBoundedBeforeAnyAllocation() throws Exception {
        Path theme = org.ctcretrieval.testdata.themes.ThemeFixtures.copy(org.ctcretrieval.testdata.themes.ThemeFixtures.BEETHOVEN5, dir);
        CliRun r = CliRun.of("score", theme.toString(), "--rate", "1e9", "-o", dir.resolve("x.npz").toString());
        assertEquals(2, r.code());
        assertEquals("ctcr: error: --rate must be between 0.5 and 200, not 1000000000\n", r.err());
        assertFalse(Files.exists(dir.resolve("x.npz")));
        CliRun q = CliRun.of("query", "-x", dir.resolve("none").toString(), theme.toString(), "--top", "0");
        assertEquals(2, q.code());
        assertEquals("ctcr: error: --top must be between 1 and 100000, not 0\n", q.err());
    }

    @Test
    void aBenchmarkTuningIsRefusedWithoutTheRealisticPresetOrOutsideTwoSemitones() {
        Path out = dir.resolve("bench");
        CliRun plain = CliRun.of("bench-build", "-o", out.toString(), "--tuning", "415");
        assertEquals(2, plain.code());
        assertEquals("ctcr: error: --tuning needs --realistic (the plain benchmark renders at A=440)\n", plain.err());
        CliRun far = CliRun.of("bench-build", "-o", out.toString(), "--realistic", "--tuning", "380");
        assertEquals(2, far.code());
        assertEquals("ctcr: error: --tuning must be within two semitones of A=440 Hz (393-493 Hz): 380.0\n", far.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    @Command(name = "bad-option")
    static final class BadOption implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new org.ctcretrieval.common.UsageException("--x must be 1");
        }
    }

    @Test
    void internalFaultsAreReportedAsBugsAndUserErrorsInOneLine() {
        CommandLine cli = Main.commandLine().addSubcommand(new Broken()).addSubcommand(new BadOption());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(Main.INTERNAL_ERROR, cli.execute("broken"));
        assertTrue(err.toString().startsWith("ctcr: internal error: java.lang.IllegalStateException: a bug\n"), err.toString());
        assertTrue(err.toString().contains("at org.ctcretrieval.cli.CollisionsAndErrorsTest$Broken.call"), "stack trace");
        assertTrue(err.toString().contains("please report it"), err.toString());
        StringWriter err2 = new StringWriter();
        cli.setErr(new PrintWriter(err2));
        assertEquals(2, cli.execute("bad-option"));
        assertEquals("ctcr: error: --x must be 1\n", err2.toString());
    }

    @Test
    void indexTwiceAfterDeletingAndRenamingGivesTheRightCount() throws Exception {
        Path audio = Files.createDirectories(dir.resolve("audio"));
        for (int i = 0; i < 5; i++) chord(audio.resolve("r" + i + ".wav"), 55 + i);
        Path index = dir.resolve("index");
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(CliRun.of("index", "-i", audio.toString(), "-x", index.toString(), "--features", "cqt",
                "--no-progress", "--json").out());
        assertEquals(5, first.get("recordings").asInt());
        Files.delete(audio.resolve("r0.wav"));
        Files.createDirectories(audio.resolve("moved"));
        Files.move(audio.resolve("r1.wav"), audio.resolve("moved/renamed.wav"));
        Files.copy(audio.resolve("r2.wav"), audio.resolve("copy-of-r2.wav"));
        CliRun second = CliRun.of("index", "-i", audio.toString(), "-x", index.toString(), "--features", "cqt", "--no-progress", "--json");
        assertEquals(0, second.code(), second.err());
        JsonNode s = m.readTree(second.out());
        assertEquals(1, s.get("removed").asInt());
        assertEquals(1, s.get("moved").asInt());
        assertEquals(1, s.get("added").asInt());
        assertEquals(5, s.get("recordings").asInt(), "5 - 1 deleted + 1 copy; the renamed file counts once");
        assertEquals(1, s.get("duplicates").size());
        assertTrue(second.err().contains("same content as " + audio.toAbsolutePath().resolve("r2.wav")), second.err());
        JsonNode third = m.readTree(CliRun.of("index", "-i", audio.toString(), "-x", index.toString(), "--features", "cqt",
                "--no-progress", "--json").out());
        assertEquals(5, third.get("unchanged").asInt());
        assertEquals(5, third.get("recordings").asInt());
        // a single file is accepted as input
        Path single = chord(dir.resolve("single.wav"), 70);
        CliRun one = CliRun.of("index", "-i", single.toString(), "-x", index.toString(), "--features", "cqt", "--no-progress");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("indexed 1 new") && one.out().contains("6 recordings"), one.out());
        // a one-note theme matches anything holding that pitch class: the query says so
        Path oneNote = Files.writeString(dir.resolve("one.musicxml"), "<?xml version=\"1.0\"?><score-partwise>"
                + "<part-list><score-part id=\"P1\"><part-name>x</part-name></score-part></part-list><part id=\"P1\">"
                + "<measure number=\"1\"><attributes><divisions>1</divisions></attributes><note><pitch><step>C</step>"
                + "<octave>4</octave></pitch><duration>4</duration></note></measure></part></score-partwise>");
        CliRun q = CliRun.of("query", "-x", index.toString(), oneNote.toString(), "--json");
        assertEquals(0, q.code(), q.err());
        assertTrue(q.err().contains("ctcr: warning: the theme has one chroma throughout (a single note or chord)"), q.err());
        JsonNode qj = m.readTree(q.out());
        assertEquals(1, qj.get("warnings").size());
        assertEquals(10, qj.get("options").get("top").asInt(), "the options used are echoed");
        assertFalse(qj.get("options").get("exhaustive").asBoolean());
        // remove --json
        JsonNode rm = m.readTree(CliRun.of("remove", "-x", index.toString(), single.toString(), "--json").out());
        assertEquals(1, rm.get("removed").asInt());
        assertEquals(0, rm.get("notFound").size());
    }

    @Test
    void anEmptyFolderSaysWhy() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no audio");
        CliRun r = CliRun.of("index", "-i", empty.toString(), "-x", dir.resolve("index").toString(), "--features", "cqt", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("holds no audio files with the extensions wav, flac, mp3"), r.err());
    }
}
