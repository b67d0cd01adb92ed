package org.ctcretrieval.indexer;

import java.io.IOException;
import java.util.ArrayList;
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

    /**
     * Creates the extractors of several features, in the order given (for {@link FeatureSetIndexer}, which shares
     * the decoding and the HCQT between them). Every name is checked before any extractor is created.
     *
     * @throws IllegalArgumentException naming the unknown ID and the available ones
     */
    default List<FeatureExtractor> createAll(List<String> ids) throws IOException {
        for (String id : ids) {
            if (!ids().contains(id)) {
                throw new org.ctcretrieval.common.UsageException("unknown feature '" + id + "' in the feature list; available: "
                        + String.join(", ", ids()));
            }
        }
        List<FeatureExtractor> list = new ArrayList<>();
        try {
            for (String id : ids) list.add(create(id));
        } catch (IOException | RuntimeException e) {
            for (FeatureExtractor x : list) x.close();
            throw e;
        }
        return list;
    }

    /**
     * Creates the extractor called {@code id} computing on at most {@code threads} threads (see
     * {@link org.ctcretrieval.common.features.FeatureExtractorProvider#create(String, int)}).
     *
     * @throws IllegalArgumentException naming the available IDs if {@code id} is unknown
     * @throws IOException              if the extractor's resources (e.g. model weights) cannot be read
     */
    default FeatureExtractor create(String id, int threads) throws IOException {
        return create(id);
    }

    /** All extractors contributed through {@link org.ctcretrieval.common.features.FeatureExtractorProvider}. */
    static FeatureExtractors discover() {
        return FeatureExtractorRegistry.discover();
    }
}
