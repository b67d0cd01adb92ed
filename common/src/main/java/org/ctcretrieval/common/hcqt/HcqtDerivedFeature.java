package org.ctcretrieval.common.hcqt;

import java.io.IOException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * A feature extractor whose features derive from the ctc_chroma HCQT of the recording, so that several of them can
 * share one decoding and one HCQT ({@link AudioHcqt#features}): deep chroma reads the network input, classic
 * {@code cqt} chroma the h = 1 median magnitudes.
 */
public interface HcqtDerivedFeature extends FeatureExtractor {
    /**
     * Whether this extractor computes its features from the default {@link Hcqt} of the decoded file (and can
     * therefore take them from a shared store); false e.g. for an extractor fed precomputed features.
     */
    default boolean derivesFromHcqt() {
        return true;
    }

    /** The features from a finished store of the recording's HCQT; equal to {@link #extract} of the file. */
    FeatureSequence fromHcqt(HcqtFeatureStore store) throws IOException;
}
