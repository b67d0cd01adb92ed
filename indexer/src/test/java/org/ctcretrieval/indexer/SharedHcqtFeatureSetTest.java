package org.ctcretrieval.indexer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.chroma.Cens;
import org.ctcretrieval.common.chroma.CqtChroma;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.features.FeatureSetExtractor;
import org.ctcretrieval.models.DeepChromaExtractor;
import org.ctcretrieval.models.DeepChromaModel;
import org.ctcretrieval.models.InferenceOptions;
import org.ctcretrieval.models.ModelId;
import org.ctcretrieval.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Features computed from one shared HCQT equal those of the separate extractors. */
class SharedHcqtFeatureSetTest {
    @TempDir Path tmp;

    @Test
    void sharedHcqtGivesTheSeparateExtractorsFeatures() throws IOException {
        Path example = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op067-01_DavidHighSchool.wav"),
                "ctc_chroma example recording");
        ModelRegistry registry = new ModelRegistry(SharedData.modelCheckpoints(), tmp.resolve("cache"));
        try (DeepChromaExtractor deep = new DeepChromaExtractor(
                DeepChromaModel.load(registry, ModelId.DEFAULT, InferenceOptions.defaults()))) {
            List<FeatureExtractor> list = List.of(new CqtChroma(), deep, new Cens());
            FeatureSetExtractor shared = SharedHcqtFeatureSet.of(list);
            assertInstanceOf(SharedHcqtFeatureSet.class, shared);
            assertEquals(List.of("cqt", ModelId.DEFAULT.id(), "cens"), shared.ids());
            List<FeatureSequence> got = shared.extract(example);
            for (int i = 0; i < list.size(); i++) {
                FeatureSequence expected = list.get(i).extract(example);
                FeatureSequence actual = got.get(i);
                assertEquals(expected.featureId(), actual.featureId());
                assertEquals(expected.frameRate(), actual.frameRate());
                assertEquals(expected.length(), actual.length(), expected.featureId());
                for (int t = 0; t < expected.length(); t++) {
                    assertArrayEquals(expected.frame(t), actual.frame(t), 1e-5f, expected.featureId() + " frame " + t);
                }
            }
        }
        // one HCQT-based feature alone is extracted as before
        assertFalse(SharedHcqtFeatureSet.of(List.of(new CqtChroma(), new Cens())) instanceof SharedHcqtFeatureSet);
    }
}
