package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * A {@link FeatureExtractor} for collections whose chroma was computed elsewhere: each "recording" is a
 * {@link ChromaCsv} file. Index such a folder with extensions {@code csv}.
 */
public final class PrecomputedFeatures implements FeatureExtractor {
    private final String id;
    private final double frameRate;

    /**
     * @param id        feature ID to record in the index (the extractor that produced the files)
     * @param frameRate frame rate of the files, Hz; every file must have it (checked when it has a time column)
     */
    public PrecomputedFeatures(String id, double frameRate) {
        this.id = id;
        this.frameRate = frameRate;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public double frameRate() {
        return frameRate;
    }

    @Override
    public FeatureSequence extract(Path file) throws IOException {
        FeatureSequence s = ChromaCsv.read(file, 12, frameRate, id);
        if (Math.abs(s.frameRate() - frameRate) > 1e-3 * frameRate) {
            throw new org.ctcretrieval.common.InputException(file, "frame rate " + s.frameRate() + " Hz, expected " + frameRate + " Hz");
        }
        return s;
    }
}
