package org.ctcretrieval.models;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.io.NpyReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX/DJL network reproduces the golden vectors of an independent float64 numpy forward pass
 * (reference/README: output_*, logits_*, salience_*): probabilities and salience to 1e-5 absolute, logits to 1e-5
 * relative.
 */
class DeepChromaModelTest {
    static final double TOLERANCE = 1e-5;

    @TempDir static Path cache;
    static ModelRegistry registry;
    static DeepChromaModel v2;
    static DeepChromaModel v1;

    @BeforeAll
    static void load() throws IOException {
        registry = new ModelRegistry(SharedData.require(SharedData.modelCheckpoints(), "checkpoints"), cache);
        v2 = DeepChromaModel.load(registry, ModelId.V2_CTC_TRAIN345VALID1, InferenceOptions.defaults());
        v1 = DeepChromaModel.load(registry, ModelId.V1_CTC_TRAIN1234VALID5, InferenceOptions.defaults());
    }

    @AfterAll
    static void close() {
        v2.close();
        v1.close();
    }

    private static DeepChromaModel model(String id) {
        return id.equals(v2.id().id()) ? v2 : v1;
    }

    private static double[][] golden(String name) throws IOException {
        return NpyReader.read(SharedData.require(SharedData.reference().resolve(name), "golden vector")).toDouble2d();
    }

    private static float[][][] input(String name) throws IOException {
        return NpyReader.read(SharedData.require(SharedData.reference().resolve(name), "golden input")).toFloat3d();
    }

    @ParameterizedTest
    @CsvSource({
        "input_rng0_50x216x6.npy, v2_ctc_train345valid1, output_v2_ctc_train345valid1.npy",
        "input_rng0_50x216x6.npy, v1_ctc_train1234valid5, output_v1_ctc_train1234valid5.npy",
        "input_synth_chords_40x216x6.npy, v2_ctc_train345valid1, output_synth_chords_v2_ctc_train345valid1.npy",
        "input_synth_chords_40x216x6.npy, v1_ctc_train1234valid5, output_synth_chords_v1_ctc_train1234valid5.npy",
    })
    void probabilitiesMatchGoldenVectors(String input, String id, String output) throws IOException {
        float[][] actual = model(id).probabilities(input(input));
        assertClose(golden(output), actual, TOLERANCE, output);
    }

    @ParameterizedTest
    @CsvSource({"v2_ctc_train345valid1", "v1_ctc_train1234valid5"})
    void logitsAndSalienceMatchGoldenVectors(String id) throws IOException {
        NetworkOutput out = model(id).run(input("input_rng0_50x216x6.npy"));
        // Logits reach 26, where one float32 ulp is 1.9e-6: compare them relative to their magnitude.
        assertRelativeClose(golden("logits_" + id + ".npy"), out.logits(), TOLERANCE, "logits " + id);
        assertClose(golden("salience_" + id + ".npy"), out.salience(), TOLERANCE, "salience " + id);
    }

    /** The plain transcription (no polyphase rewrite of the last layers) gives the same golden outputs. */
    @Test
    void plainGraphMatchesGoldenVectorsToo() throws IOException {
        ModelId id = ModelId.V2_CTC_TRAIN345VALID1;
        org.ctcretrieval.models.network.ChromaWeights weights =
                org.ctcretrieval.models.network.ChromaWeights.read(registry.openCheckpoint(id));
        Path plain = cache.resolve("plain.onnx");
        java.nio.file.Files.write(plain,
                org.ctcretrieval.models.network.ChromaOnnxExport.toOnnx(id.id(), weights, "test", 1));
        try (DeepChromaModel model = DeepChromaModel.loadOnnx(id, plain, InferenceOptions.defaults())) {
            NetworkOutput out = model.run(input("input_rng0_50x216x6.npy"));
            assertClose(golden("output_v2_ctc_train345valid1.npy"), out.probabilities(), TOLERANCE, "plain graph output");
            assertClose(golden("salience_v2_ctc_train345valid1.npy"), out.salience(), TOLERANCE, "plain graph salience");
        }
    }

    /**
     * Spinning intra-op threads (off by default) change only how ONNX Runtime's threads wait: a session with them
     * gives exactly the outputs of the default one.
     */
    @Test
    void spinningThreadsGiveTheSameOutputs() throws IOException {
        assertFalse(InferenceOptions.defaults().spinning());
        float[][][] x = randomFeatures(120, 11);
        Path onnx = registry.onnxFile(ModelId.V2_CTC_TRAIN345VALID1);
        try (DeepChromaModel spinning = DeepChromaModel.loadOnnx(ModelId.V2_CTC_TRAIN345VALID1, onnx,
                InferenceOptions.defaults().withSpinning(true))) {
            assertTrue(spinning.options().spinning());
            assertEquals(0.0, maxAbsDiff(v2.probabilities(x), spinning.probabilities(x)));
        }
    }

    /** Chunked evaluation (chunks of 37 frames, 8 frames of context) equals one call on all 400 frames. */
    @Test
    void chunkedEqualsWholeInput() throws IOException {
        float[][][] x = randomFeatures(400, 7);
        float[][] whole = v2.probabilities(x);
        Path onnx = registry.onnxFile(ModelId.V2_CTC_TRAIN345VALID1);
        try (DeepChromaModel chunked = DeepChromaModel.loadOnnx(ModelId.V2_CTC_TRAIN345VALID1, onnx,
                InferenceOptions.defaults().withChunkFrames(37))) {
            NetworkOutput parts = chunked.run(x);
            double diff = maxAbsDiff(whole, parts.probabilities());
            System.out.printf(Locale.ROOT, "chunked (37 frames) vs whole (400 frames): max abs diff %.3g%n", diff);
            assertTrue(diff < 1e-5, "chunked vs whole max abs diff " + diff);
            NetworkOutput all = v2.run(x);
            assertTrue(maxAbsDiff(all.salience(), parts.salience()) < 1e-5);
        }
    }

    /**
     * Calls from several threads run side by side on one session (no lock) and each gets exactly what it gets
     * alone; a one-thread model reading its input range by range (no prefetch thread) gives the same result.
     */
    @Test
    void concurrentCallsGiveTheResultsOfSequentialOnes() throws Exception {
        Path onnx = registry.onnxFile(ModelId.V2_CTC_TRAIN345VALID1);
        try (DeepChromaModel one = DeepChromaModel.loadOnnx(ModelId.V2_CTC_TRAIN345VALID1, onnx,
                InferenceOptions.defaults().withThreads(1).withChunkFrames(60))) {
            int n = 4;
            float[][][][] inputs = new float[n][][][];
            float[][][] alone = new float[n][][];
            for (int i = 0; i < n; i++) {
                inputs[i] = randomFeatures(150 + 10 * i, 20 + i);
                alone[i] = one.probabilities(inputs[i]);
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<float[][]>> together = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    float[][][] x = inputs[i];
                    together.add(pool.submit(() -> {
                        start.await();
                        return one.probabilities(x);
                    }));
                }
                start.countDown();
                for (int i = 0; i < n; i++) {
                    float[][] got = together.get(i).get();
                    for (int t = 0; t < got.length; t++) {
                        assertTrue(java.util.Arrays.equals(alone[i][t], got[t]), "input " + i + " frame " + t);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            int stride = 216 * 6;
            float[] flat = new float[inputs[0].length * stride];
            for (int t = 0; t < inputs[0].length; t++) {
                for (int p = 0; p < 216; p++) System.arraycopy(inputs[0][t][p], 0, flat, t * stride + p * 6, 6);
            }
            float[][] ranged = one.probabilities(inputs[0].length,
                    (from, to, out) -> System.arraycopy(flat, from * stride, out, 0, (to - from) * stride));
            for (int t = 0; t < ranged.length; t++) assertTrue(java.util.Arrays.equals(alone[0][t], ranged[t]));
        }
    }

    /** Too little context would change frames near chunk edges: the overlap is what makes chunking exact. */
    @Test
    void receptiveFieldIsFiveFramesEachSide() {
        float[][][] x = randomFeatures(40, 11);
        float[][] base = v2.probabilities(x);
        float[][][] changed = randomFeatures(40, 11);
        for (float[] pitch : changed[20]) java.util.Arrays.fill(pitch, 0.5f);
        float[][] after = v2.probabilities(changed);
        for (int t = 0; t < 40; t++) {
            double d = maxAbsDiff(new float[][] {base[t]}, new float[][] {after[t]});
            if (Math.abs(t - 20) > 5) assertEquals(0.0, d, 1e-7, "frame " + t + " must not see frame 20");
        }
        assertTrue(maxAbsDiff(new float[][] {base[15]}, new float[][] {after[15]}) > 0, "frame 15 sees frame 20");
        assertTrue(maxAbsDiff(new float[][] {base[25]}, new float[][] {after[25]}) > 0, "frame 25 sees frame 20");
    }

    @Test
    void deepChromaIsUnitNormFirstTwelveProbabilities() throws IOException {
        float[][][] x = input("input_synth_chords_40x216x6.npy");
        float[][] p = v2.probabilities(x);
        FeatureSequence chroma = v2.deepChroma(x);
        assertEquals("v2_ctc_train345valid1", chroma.featureId());
        assertEquals(25.0, chroma.frameRate());
        assertEquals(40, chroma.length());
        assertEquals(12, chroma.dimension());
        for (int t = 0; t < 40; t++) {
            double norm = 0;
            for (float v : chroma.frame(t)) norm += v * v;
            assertEquals(1.0, Math.sqrt(norm), 1e-6);
            double scale = chroma.frame(t)[0] / p[t][0];
            for (int c = 0; c < 12; c++) assertEquals(p[t][c] * scale, chroma.frame(t)[c], 1e-6);
        }
    }

    @Test
    void shortInputsWorkAndBadShapeIsRejected() {
        assertEquals(0, v2.probabilities(new float[0][][]).length);
        float[][] single = v2.probabilities(randomFeatures(1, 5));
        assertEquals(1, single.length);
        assertEquals(13, single[0].length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v2.probabilities(new float[3][12][6]));
        assertTrue(e.getMessage().contains("[T][216][6]"), e.getMessage());
    }

    static float[][][] randomFeatures(int frames, long seed) {
        Random rng = new Random(seed);
        float[][][] x = new float[frames][216][6];
        for (float[][] frame : x) for (float[] pitch : frame) for (int h = 0; h < 6; h++) pitch[h] = rng.nextFloat() * 0.15f;
        return x;
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
        return max;
    }

    /** |expected - actual| <= tol * max(1, |expected|) for every value. */
    static void assertRelativeClose(double[][] expected, float[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": frames");
        double max = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int k = 0; k < expected[t].length; k++) {
                max = Math.max(max, Math.abs(expected[t][k] - actual[t][k]) / Math.max(1, Math.abs(expected[t][k])));
            }
        }
        System.out.printf(Locale.ROOT, "%s: max relative diff %.3g%n", what, max);
        assertTrue(max <= tol, what + ": max relative diff " + max + " > " + tol);
    }

    static void assertClose(double[][] expected, float[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": frames");
        double max = 0;
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t].length, actual[t].length, what + ": width");
            for (int k = 0; k < expected[t].length; k++) max = Math.max(max, Math.abs(expected[t][k] - actual[t][k]));
        }
        System.out.printf(Locale.ROOT, "%s: max abs diff %.3g%n", what, max);
        assertTrue(max <= tol, what + ": max abs diff " + max + " > " + tol);
    }
}
