package org.ctcretrieval.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.dsp.Resampler;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded-memory deep chroma of a file (streamed decoding and HCQT, feature store, chunked network) equals the
 * whole-file computation exactly.
 */
class DeepChromaStreamingTest {
    @TempDir static Path tmp;
    static DeepChromaModel model;
    /** 50 s at 44.1 kHz of a real recording repeated: two network chunks, several HCQT chunks. */
    static Path longFile;
    static Path example;

    @BeforeAll
    static void load() throws IOException {
        ModelRegistry registry = new ModelRegistry(SharedData.modelCheckpoints(), tmp.resolve("cache"));
        model = DeepChromaModel.load(registry, ModelId.DEFAULT, InferenceOptions.defaults());
        example = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op067-01_DavidHighSchool.wav"),
                "ctc_chroma example recording");
        float[] y = AudioLoader.load(example).samples();
        float[] y44 = Resampler.resample(y, 22050, 44100, Resampler.Filter.KAISER_FAST);
        float[] longer = new float[44100 * 50 + 77];
        for (int i = 0; i < longer.length; i++) longer[i] = y44[i % y44.length];
        longFile = WavWriter.write(tmp.resolve("long.wav"), 44100, WavWriter.Encoding.PCM_16, longer);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static void assertSame(FeatureSequence expected, FeatureSequence actual) {
        assertEquals(expected.featureId(), actual.featureId());
        assertEquals(expected.length(), actual.length());
        for (int t = 0; t < expected.length(); t++) assertArrayEquals(expected.frame(t), actual.frame(t), "frame " + t);
    }

    @Test
    void extractorEqualsWholeFilePath() throws IOException {
        DeepChromaExtractor whole = new DeepChromaExtractor(model, DeepChromaExtractor.audioHcqt(new Hcqt()));
        DeepChromaExtractor bounded = new DeepChromaExtractor(model);
        for (Path file : new Path[] {example, longFile}) {
            FeatureSequence a = whole.extract(file);
            FeatureSequence b = bounded.extract(file);
            assertTrue(a.length() > 0);
            assertSame(a, b);
        }
    }

    @Test
    void spilledStoreGivesTheSameProbabilities() throws IOException {
        float[] input = DeepChromaExtractor.audioHcqt(new Hcqt()).features(longFile);
        float[][] expected = model.run(input).probabilities();
        try (HcqtFeatureStore store = AudioHcqt.features(longFile, new Hcqt(),
                new HcqtFeatureStore(0, Files.createDirectories(tmp.resolve("spill"))))) {
            assertTrue(store.spilled());
            float[][] actual = model.probabilities(store.length(), store::networkInput);
            assertEquals(expected.length, actual.length);
            assertTrue(expected.length > InferenceOptions.DEFAULT_CHUNK_FRAMES, "more than one network chunk");
            for (int t = 0; t < expected.length; t++) assertArrayEquals(expected[t], actual[t], "frame " + t);
        }
    }
}
