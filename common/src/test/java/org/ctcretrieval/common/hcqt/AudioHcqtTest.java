package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.audio.AudioAnalysis;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.chroma.Cens;
import org.ctcretrieval.common.chroma.CqtChroma;
import org.ctcretrieval.common.dsp.Resampler;
import org.ctcretrieval.common.features.FeatureSequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded-memory file pipeline (streaming decode and resampling, chunked HCQT, feature store) gives the same
 * features as loading the whole file and computing on the whole signal.
 */
class AudioHcqtTest {
    @TempDir static Path dir;
    /** 45 s at 48 kHz (general resampling ratio) made of a real recording, several chunks long. */
    static Path longFile;
    static Path example;

    @BeforeAll
    static void files() throws Exception {
        example = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op002-2-01_Pitman.wav"),
                "ctc_chroma example recording");
        float[] y = AudioLoader.load(example).samples();
        float[] y48 = Resampler.resample(y, 22050, 48000, Resampler.Filter.KAISER_FAST);
        float[] longer = new float[48000 * 45 + 123];
        for (int i = 0; i < longer.length; i++) longer[i] = y48[i % y48.length];
        longFile = writeWav16(dir.resolve("long48k.wav"), 48000, longer);
    }

    static Path writeWav16(Path file, int rate, float[] x) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        AudioFormat fmt = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), fmt, x.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    static float[] wholeFileNetworkInput(Path file) throws IOException {
        return AudioAnalysis.apply(file, "HCQT features", y -> new Hcqt().features(y).networkInputFlat());
    }

    static float[] storeInput(HcqtFeatureStore store, int piece) throws IOException {
        int stride = Hcqt.BINS * Hcqt.HARMONICS.length;
        float[] all = new float[store.length() * stride];
        for (int from = 0; from < store.length(); from += piece) {
            int to = Math.min(store.length(), from + piece);
            float[] part = new float[(to - from) * stride];
            store.networkInput(from, to, part);
            System.arraycopy(part, 0, all, from * stride, part.length);
        }
        return all;
    }

    @Test
    void streamedNetworkInputEqualsWholeFileInMemoryAndSpilled() throws IOException {
        float[] expected = wholeFileNetworkInput(longFile);
        try (HcqtFeatureStore store = AudioHcqt.features(longFile, new Hcqt())) {
            assertFalse(store.spilled(), "45 s stay in memory by default");
            assertArrayEquals(expected, storeInput(store, 1000));
        }
        Path spillDir = Files.createDirectories(dir.resolve("spill"));
        Path spilledFile;
        try (HcqtFeatureStore store = AudioHcqt.features(longFile, new Hcqt(), new HcqtFeatureStore(1 << 20, spillDir))) {
            assertTrue(store.spilled(), "over 1 MiB goes to a file");
            spilledFile = store.file();
            assertNotNull(spilledFile);
            assertTrue(spilledFile.startsWith(spillDir), "spilled into the requested folder: " + spilledFile);
            // (opened with DELETE_ON_CLOSE: on Linux the name is gone already while the data stays readable)
            assertArrayEquals(expected, storeInput(store, 1000));
            assertArrayEquals(expected, storeInput(store, 7));
        }
        assertFalse(Files.exists(spilledFile), "temporary file deleted on close");
        try (var files = Files.list(spillDir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void shortRealRecordingEqualsWholeFile() throws IOException {
        float[] expected = wholeFileNetworkInput(example);
        try (HcqtFeatureStore store = AudioHcqt.features(example, new Hcqt(1), new HcqtFeatureStore(0, dir))) {
            assertTrue(store.spilled());
            assertArrayEquals(expected, storeInput(store, 50));
        }
    }

    @Test
    void classicChromaFromFileEqualsWholeSignal() throws IOException {
        for (Path file : new Path[] {example, longFile}) {
            float[] y = AudioLoader.load(file).samples();
            assertSameFrames(new CqtChroma().compute(y), new CqtChroma().extract(file));
            assertSameFrames(new Cens().compute(y), new Cens().extract(file));
        }
    }

    static void assertSameFrames(FeatureSequence a, FeatureSequence b) {
        assertEquals(a.featureId(), b.featureId());
        assertEquals(a.frameRate(), b.frameRate());
        assertEquals(a.frames().length, b.frames().length);
        for (int t = 0; t < a.frames().length; t++) assertArrayEquals(a.frames()[t], b.frames()[t], "frame " + t);
    }

    @Test
    void tooShortFileIsRefusedAsBeforeAndLeavesNoFile() throws IOException {
        Path tiny = writeWav16(dir.resolve("tiny.wav"), 22050, new float[] {0.1f, 0.2f, -0.1f, 0.3f});
        InputException whole = assertThrows(InputException.class, () -> wholeFileNetworkInput(tiny));
        Path spillDir = Files.createDirectories(dir.resolve("tiny-spill"));
        InputException streamed = assertThrows(InputException.class,
                () -> AudioHcqt.features(tiny, new Hcqt(), new HcqtFeatureStore(0, spillDir)));
        assertEquals(whole.getMessage(), streamed.getMessage());
        try (var files = Files.list(spillDir)) {
            assertEquals(0, files.count());
        }
    }
}
