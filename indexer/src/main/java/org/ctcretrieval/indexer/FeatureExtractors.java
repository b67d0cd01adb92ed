package org.ctcretrieval.indexer;

import java.io.IOException;
import java.util.List;
import org.ctcretrieval.common.features.FeatureExtractor;

/** Resolves a feature extractor by the name given on the command line ({@code --features}). */
public interface FeatureExtractors {
    /** Names that {@link #create} accepts, sorted. */
    List<String> ids();

    /**
     * Creates the extractor called {@code id}.
     *
     * @throws IllegalArgumentException naming the available IDs if {@code id} is unknown
     * @throws IOException              if the extractor's resources (e.g. model weights) cannot be read
     */
    FeatureExtractor create(String id) throws IOException;

    /** All extractors contributed through {@link org.ctcretrieval.common.features.FeatureExtractorProvider}. */
    static FeatureExtractors discover() {
        return FeatureExtractorRegistry.discover();
    }
}
