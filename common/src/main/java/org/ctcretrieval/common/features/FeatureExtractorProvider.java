package org.ctcretrieval.common.features;

import java.util.List;

/**
 * Service-provider interface through which a module contributes feature extractors by name (listed in
 * {@code META-INF/services/org.ctcretrieval.common.features.FeatureExtractorProvider}). The indexer resolves the
 * name given with {@code --features} through all providers on the class path.
 */
public interface FeatureExtractorProvider {
    /** Names this provider can create, e.g. {@code cqt}, {@code cens} or deep-chroma model IDs. */
    List<String> ids();

    /**
     * Creates the extractor called {@code id} (one of {@link #ids()}).
     *
     * @throws IllegalArgumentException if {@code id} is not one of {@link #ids()}
     * @throws java.io.IOException      if resources it needs (e.g. model weights) cannot be read
     */
    FeatureExtractor create(String id) throws java.io.IOException;

    /**
     * Creates the extractor called {@code id} computing on at most {@code threads} threads (signal processing and
     * inference together), for callers that run several extractors side by side and plan the cores between them.
     * By default the extractor of {@link #create(String)}.
     *
     * @param threads computing threads, &gt;= 1
     */
    default FeatureExtractor create(String id, int threads) throws java.io.IOException {
        return create(id);
    }
}
