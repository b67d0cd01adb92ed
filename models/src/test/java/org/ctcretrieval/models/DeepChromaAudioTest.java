package org.ctcretrieval.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: audio file -> 22050 Hz -> HCQT -> network -> deep chroma. */
class DeepChromaAudioTest {
    static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    @TempDir static Path tmp;
    static DeepChromaExtractor extractor;

    @BeforeAll
    static void load() throws IOException {
        ModelRegistry registry = new ModelRegistry(SharedData.modelCheckpoints(), tmp.resolve("cache"));
        extractor = new DeepChromaExtractor(DeepChromaModel.load(registry, ModelId.DEFAULT, InferenceOptions.defaults()));
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    /** Pitch classes ordered by their mean over frames [from, to), strongest first. */
    static int[] ranking(FeatureSequence chroma, int from, int to) {
        double[] mean = new double[12];
        for (int t = from; t < to; t++) for (int c = 0; c < 12; c++) mean[c] += chroma.frame(t)[c];
        return IntStream.range(0, 12).boxed().sorted(Comparator.comparingDouble(c -> -mean[c]))
                .mapToInt(Integer::intValue).toArray();
    }

    static String names(int[] classes, int n) {
        return Arrays.toString(Arrays.stream(classes).limit(n).mapToObj(c -> NAMES[c]).toArray());
    }

    /**
     * A steady harmonic tone (10 partials, amplitudes 1/k): the network input peaks at the tone's pitch in the h = 1
     * channel, and the CTC model answers almost only "blank" (no note change), so its chroma of such a tone is not a
     * pitch estimate; real music is checked below.
     */
    @Test
    void steadyToneIsMostlyBlank() throws IOException {
        double[] partials = new double[10];
        for (int k = 0; k < partials.length; k++) partials[k] = 0.1 / (k + 1);
        for (int midi : new int[] {62, 55}) { // D4, G3; 3 s at 44.1 kHz, resampled to 22050 Hz on load
            float[] tone = SignalGenerator.harmonicTone(SignalGenerator.midiToHz(midi), partials, 3.0, 44100);
            Path wav = WavWriter.write(tmp.resolve("tone" + midi + ".wav"), 44100, WavWriter.Encoding.FLOAT_32,
                    SignalGenerator.fadeInOut(tone, 0.05, 44100));
            float[] input = DeepChromaExtractor.audioHcqt(new Hcqt()).features(wav);
            int frames = input.length / (216 * 6);
            assertEquals(75, frames, 1.0);
            int peak = 0;
            for (int b = 0; b < 216; b++) {
                if (input[(37 * 216 + b) * 6 + Hcqt.FUNDAMENTAL] > input[(37 * 216 + peak) * 6 + Hcqt.FUNDAMENTAL]) peak = b;
            }
            assertEquals(midi % 12, (peak / 3) % 12, "h=1 peak bin " + peak);
            float[][] p = extractor.model().run(input).probabilities();
            double blank = 0;
            for (float[] frame : p) blank += frame[12];
            assertTrue(blank / p.length > 0.9, "mean blank probability " + blank / p.length);
            FeatureSequence chroma = extractor.extract(wav);
            assertEquals("v2_ctc_train345valid1", chroma.featureId());
            assertEquals(25.0, chroma.frameRate());
            assertEquals(frames, chroma.length());
            assertEquals(0f, maxAbsDiff(DeepChromaModel.chromaFromProbabilities(p), chroma.frames()), 1e-6f);
        }
    }

    static float maxAbsDiff(float[][] a, float[][] b) {
        float max = 0;
        for (int t = 0; t < a.length; t++) for (int c = 0; c < a[t].length; c++) max = Math.max(max, Math.abs(a[t][c] - b[t][c]));
        return max;
    }

    /** The opening motif G-G-G-Eb, F-F-F-D: its four pitch classes are the four strongest. */
    @Test
    void beethovenFifthOpening() throws IOException {
        Path wav = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op067-01_DavidHighSchool.wav"), "audio");
        FeatureSequence chroma = extractor.extract(wav);
        int[] rank = ranking(chroma, 0, chroma.length());
        System.out.println("Beethoven op. 67: " + chroma.length() + " frames, strongest classes: " + names(rank, 6));
        assertEquals(161, chroma.length(), 1.0, "6.41 s at 25 Hz");
        assertEquals(java.util.Set.of(2, 3, 5, 7), java.util.Set.of(rank[0], rank[1], rank[2], rank[3]), names(rank, 6));
        for (int t = 0; t < chroma.length(); t++) {
            double norm = 0;
            for (float v : chroma.frame(t)) norm += v * v;
            assertEquals(1.0, Math.sqrt(norm), 1e-5);
        }
    }

    @Test
    void undecodableFileIsAnInputError() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.wav"), "not audio");
        InputException e = assertThrows(InputException.class, () -> extractor.extract(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
    }
}
