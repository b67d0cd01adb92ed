package org.ctcretrieval.common.features;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a recording into a feature sequence. Implementations: classic chroma and CENS (in {@code common}), deep
 * chroma of a trained model (in {@code models}).
 */
public interface FeatureExtractor {
    /** Identifier stored in indexes and file headers: {@code cqt}, {@code cens} or a model ID. */
    String id();

    /** Frame rate of the produced sequence, in Hz. */
    double frameRate();

    /** Decodes {@code audioFile} and extracts its features. */
    FeatureSequence extract(Path audioFile) throws IOException;
}
