package org.ctcretrieval.common.features;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a recording into a feature sequence. Implementations: classic chroma and CENS (in {@code common}), deep
 * chroma of a trained model (in {@code models}). An extractor may hold native resources (a network session): close
 * it when done ({@code try (FeatureExtractor x = ...)}).
 */
public interface FeatureExtractor extends AutoCloseable {
    /** Identifier stored in indexes and file headers: {@code cqt}, {@code cens} or a model ID. */
    String id();

    /** Frame rate of the produced sequence, in Hz. */
    double frameRate();

    /** Decodes {@code audioFile} and extracts its features. */
    FeatureSequence extract(Path audioFile) throws IOException;

    /** Releases what the extractor holds; extractors without resources need not override this. */
    @Override
    default void close() {}
}
