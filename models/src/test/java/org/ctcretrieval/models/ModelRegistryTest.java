package org.ctcretrieval.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir Path tmp;

    private ModelRegistry shared() {
        return new ModelRegistry(SharedData.require(SharedData.modelCheckpoints(), "checkpoints"), tmp.resolve("cache"));
    }

    @Test
    void listsTheTwentyFiveIdsOfTheOriginalPackage() {
        assertEquals(25, ModelId.values().length);
        assertEquals("v1_ctc_train1234valid5", ModelId.values()[0].id());
        assertEquals("v2_strong_train512valid3", ModelId.values()[24].id());
        assertEquals(ModelId.V2_LINEAR_TRAIN451VALID2, ModelId.parse("v2_linear_train451valid2"));
        assertEquals("451", ModelId.V2_LINEAR_TRAIN451VALID2.trainFolds());
        assertEquals("2", ModelId.V2_LINEAR_TRAIN451VALID2.validationFold());
        assertEquals(List.of(ModelId.V2_CTC_TRAIN123VALID4, ModelId.V2_CTC_TRAIN234VALID5, ModelId.V2_CTC_TRAIN345VALID1,
                ModelId.V2_CTC_TRAIN451VALID2, ModelId.V2_CTC_TRAIN512VALID3), ModelId.recommendedModels());
        assertTrue(ModelId.DEFAULT.recommended());
    }

    @Test
    void unknownIdErrorListsValidIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelId.parse("v3_ctc_train1valid2"));
        assertTrue(e.getMessage().startsWith("unknown model ID 'v3_ctc_train1valid2'; valid IDs: v1_ctc_train1234valid5, "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("v2_strong_train512valid3"), e.getMessage());
    }

    @Test
    void missingCheckpointSaysWhereItLookedAndWhatIsAvailable() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Path shared = SharedData.modelCheckpoints();
        for (String suffix : new String[] {".index", ".data-00000-of-00001"}) {
            Files.copy(shared.resolve("model_v1_ctc_train123valid4" + suffix), dir.resolve("model_v1_ctc_train123valid4" + suffix));
        }
        ModelRegistry registry = new ModelRegistry(dir, tmp.resolve("cache"));
        assertEquals(List.of(ModelId.V1_CTC_TRAIN123VALID4), registry.available());
        assertFalse(registry.isAvailable(ModelId.DEFAULT));
        InputException e = assertThrows(InputException.class, () -> registry.onnxFile(ModelId.DEFAULT));
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve("model_v2_ctc_train345valid1.index").toString()), m);
        assertTrue(m.contains("looked in " + dir), m);
        assertTrue(m.contains("CTC_CHROMA_MODELS"), m);
        assertTrue(m.contains("Available there: v1_ctc_train123valid4."), m);
        assertTrue(m.contains("Valid IDs: v1_ctc_train1234valid5, "), m);
    }

    /** Every checkpoint converts and the ONNX file loads in ONNX Runtime and yields per-frame distributions. */
    @Test
    void allTwentyFiveModelsConvertAndRun() throws IOException {
        ModelRegistry registry = shared();
        assertEquals(25, registry.available().size(), "checkpoints present in " + registry.checkpointDir());
        float[][][] x = DeepChromaModelTest.randomFeatures(12, 3);
        for (ModelId id : ModelId.values()) {
            Path onnx = registry.convert(id);
            assertTrue(onnx.getFileName().toString().startsWith(id.id() + "-") && onnx.toString().endsWith(".onnx"), onnx.toString());
            try (DeepChromaModel model = DeepChromaModel.loadOnnx(id, onnx, InferenceOptions.defaults().withThreads(1))) {
                float[][] p = model.probabilities(x);
                assertEquals(12, p.length);
                for (float[] frame : p) {
                    double sum = 0;
                    for (float v : frame) sum += v;
                    assertEquals(1.0, sum, 1e-5, id + " frame sums to 1");
                }
            }
        }
        try (Stream<Path> files = Files.list(registry.cacheDir())) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(25, names.size(), "one ONNX file per model, no temporary files left: " + names);
        }
    }

    @Test
    void onnxFileIsCachedAndKeyedToTheCheckpoint() throws IOException {
        ModelRegistry registry = shared();
        Path first = registry.onnxFile(ModelId.V1_CTC_TRAIN451VALID2);
        long modified = Files.getLastModifiedTime(first).toMillis();
        assertEquals(first, registry.onnxFile(ModelId.V1_CTC_TRAIN451VALID2));
        assertEquals(modified, Files.getLastModifiedTime(first).toMillis(), "second call reuses the cached file");
        // The same ID backed by other weights (here: another checkpoint copied under its name) gets another file.
        Path dir = Files.createDirectories(tmp.resolve("other"));
        for (String suffix : new String[] {".index", ".data-00000-of-00001"}) {
            Files.copy(registry.checkpointDir().resolve("model_v1_ctc_train512valid3" + suffix),
                    dir.resolve("model_v1_ctc_train451valid2" + suffix));
        }
        ModelRegistry other = new ModelRegistry(dir, registry.cacheDir());
        assertNotEquals(first, other.cachedOnnxPath(ModelId.V1_CTC_TRAIN451VALID2));
    }
}
