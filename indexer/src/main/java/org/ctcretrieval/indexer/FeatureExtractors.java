package org.ctcretrieval.indexer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSetExtractor;

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
     * Creates the extractor of several features at once, in the order given, sharing the decoding and the HCQT
     * where it can ({@link SharedHcqtFeatureSet}). Every name is checked before any extractor is created.
     *
     * @throws IllegalArgumentException naming the unknown ID and the available ones
     */
    default FeatureSetExtractor createSet(List<String> ids) throws IOException {
        for (String id : ids) {
            if (!ids().contains(id)) {
                throw new IllegalArgumentException("unknown feature '" + id + "' in the feature list; available: "
                        + String.join(", ", ids()));
            }
        }
        List<FeatureExtractor> list = new ArrayList<>();
        for (String id : ids) list.add(create(id));
        return SharedHcqtFeatureSet.of(list);
    }

    /** All extractors contributed through {@link org.ctcretrieval.common.features.FeatureExtractorProvider}. */
    static FeatureExtractors discover() {
        return FeatureExtractorRegistry.discover();
    }
}
