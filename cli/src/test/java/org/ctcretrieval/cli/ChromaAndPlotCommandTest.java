package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.io.NpyArray;
import org.ctcretrieval.common.io.NpzReader;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctcr chroma} and {@code ctcr plot} through the real command line. */
class ChromaAndPlotCommandTest {
    @TempDir Path dir;

    private static final Path OP67 = SharedData.exampleAudio().resolve("Beethoven_Op067-01_DavidHighSchool.wav");

    @Test
    void writesOneNpzPerRecordingKeepingFoldersAndReportsBadFiles() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        float[] triad = SignalGenerator.chord(new int[] {60, 64, 67}, new double[] {1, 0.5}, 2.0, 22050);
        WavWriter.write(in.resolve("triad.wav"), 22050, WavWriter.Encoding.PCM_16, triad);
        Files.writeString(dir.resolve("in/broken.wav"), "not audio at all");
        Path out = dir.resolve("out");

        CliRun r = CliRun.of("chroma", "-i", dir.resolve("in").toString(), "-o", out.toString(), "--features", "cqt",
                "--no-progress");
        assertEquals(1, r.code(), "a failed file makes the exit status 1: " + r.err());
        assertTrue(r.err().contains("broken.wav"), r.err());
        assertTrue(r.err().contains("wrote 1 of 2 file(s)"), r.err());

        Map<String, NpyArray> npz = NpzReader.readNpz(out.resolve("sub/triad.npz"));
        NpyArray chroma = npz.get("chroma");
        NpyArray time = npz.get("time_ax");
        assertEquals(12, chroma.shape()[0]);
        int frames = chroma.shape()[1];
        assertArrayEquals(new int[] {frames}, time.shape());
        assertEquals(51, frames, 1, "2 s at 25 Hz");
        assertEquals(1.0f, time.get(25), 1e-6f);
        // C, E and G dominate the middle frame.
        int t = frames / 2;
        float weakest = Math.min(chroma.get(0, t), Math.min(chroma.get(4, t), chroma.get(7, t)));
        for (int c : new int[] {1, 2, 3, 5, 6, 8, 9, 10, 11}) assertTrue(chroma.get(c, t) < weakest, "class " + c);
    }

    @Test
    void csvFormatAndModelProbabilities() throws Exception {
        Path out = dir.resolve("out");
        CliRun csv = CliRun.of("chroma", "-i", OP67.toString(), "-o", out.toString(), "-f", "cqt", "--format", "csv",
                "--no-progress");
        assertEquals(0, csv.code(), csv.err());
        List<String> rows = Files.readAllLines(out.resolve("Beethoven_Op067-01_DavidHighSchool.csv"));
        assertEquals("time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B", rows.get(0));
        assertEquals(161 + 1, rows.size());

        CliRun deep = CliRun.of("chroma", "-i", OP67.toString(), "-o", out.toString(), "-m", "v2_ctc_train345valid1",
                "--probabilities", "--no-progress");
        assertEquals(0, deep.code(), deep.err());
        Map<String, NpyArray> npz = NpzReader.readNpz(out.resolve("Beethoven_Op067-01_DavidHighSchool.npz"));
        NpyArray p = npz.get("probabilities");
        assertArrayEquals(new int[] {13, 161}, p.shape());
        for (int t = 0; t < 161; t += 20) {
            float sum = 0;
            for (int c = 0; c < 13; c++) sum += p.get(c, t);
            assertEquals(1.0f, sum, 1e-4f, "probabilities of frame " + t + " sum to 1");
        }
        assertArrayEquals(new int[] {12, 161}, npz.get("chroma").shape());

        CliRun bad = CliRun.of("chroma", "-i", OP67.toString(), "-o", out.toString(), "-f", "cqt", "--format", "mat");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--format must be npz or csv"), bad.err());
        CliRun unknown = CliRun.of("chroma", "-i", OP67.toString(), "-o", out.toString(), "-f", "v3_nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("v3_nope"), unknown.err());
    }

    @Test
    void plotsTheNotebookFigure() throws Exception {
        Path png = dir.resolve("op67.png");
        CliRun r = CliRun.of("plot", OP67.toString(), "-o", png.toString(), "--width", "900", "--panel-height", "200");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(3 * 200, img.getHeight(), "HCQT, probabilities and deep chroma panels");

        CliRun missing = CliRun.of("plot", dir.resolve("nope.wav").toString(), "-o", png.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.wav"), missing.err());
    }
}
