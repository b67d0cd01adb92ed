package org.ctcretrieval.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.io.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepChromaExtractorTest {
    @TempDir Path cache;

    /** With the golden input as HCQT, the extractor yields the normalised first 12 golden probabilities. */
    @Test
    void extractsNormalisedChromaOfTheNetworkOutput() throws IOException {
        Path reference = SharedData.require(SharedData.reference(), "golden vectors");
        float[][][] input = NpyReader.read(reference.resolve("input_synth_chords_40x216x6.npy")).toFloat3d();
        double[][] golden = NpyReader.read(reference.resolve("output_synth_chords_v2_ctc_train345valid1.npy")).toDouble2d();
        ModelRegistry registry = new ModelRegistry(SharedData.modelCheckpoints(), cache);
        Path audio = Path.of("chords.wav");
        try (DeepChromaExtractor extractor = new DeepChromaExtractor(
                DeepChromaModel.load(registry, ModelId.DEFAULT, InferenceOptions.defaults()),
                file -> {
                    assertEquals(audio, file);
                    return flatten(input);
                })) {
            assertEquals("v2_ctc_train345valid1", extractor.id());
            assertEquals(25.0, extractor.frameRate());
            FeatureSequence chroma = extractor.extract(audio);
            assertEquals(40, chroma.length());
            for (int t = 0; t < 40; t++) {
                double norm = 0;
                for (int c = 0; c < 12; c++) norm += golden[t][c] * golden[t][c];
                for (int c = 0; c < 12; c++) {
                    assertEquals(golden[t][c] / Math.sqrt(norm), chroma.frame(t)[c], 1e-5, "frame " + t + " class " + c);
                }
            }
            Path bad = Path.of("broken.wav");
            DeepChromaExtractor failing = new DeepChromaExtractor(extractor.model(), file -> {
                throw new InputException(file, "cannot decode");
            });
            assertEquals("broken.wav: cannot decode",
                    assertThrows(InputException.class, () -> failing.extract(bad)).getMessage());
        }
    }

    private static float[] flatten(float[][][] x) {
        float[] flat = new float[x.length * 216 * 6];
        for (int t = 0; t < x.length; t++) {
            for (int b = 0; b < 216; b++) System.arraycopy(x[t][b], 0, flat, (t * 216 + b) * 6, 6);
        }
        return flat;
    }
}
