package org.ctcretrieval.models;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureExtractorProvider;

/**
 * Contributes one deep chroma extractor per model ID ({@link ModelId}). Creating an extractor converts the checkpoint
 * to ONNX on first use; a missing checkpoint is reported then, with the folder that was searched.
 */
public final class DeepChromaProvider implements FeatureExtractorProvider {
    @Override
    public List<String> ids() {
        return Arrays.stream(ModelId.values()).map(ModelId::id).toList();
    }

    @Override
    public FeatureExtractor create(String id) throws IOException {
        return DeepChromaExtractor.load(id);
    }

    @Override
    public FeatureExtractor create(String id, int threads) throws IOException {
        return DeepChromaExtractor.load(id, threads);
    }
}
