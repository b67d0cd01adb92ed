package org.ctcretrieval.query.search;

import java.nio.file.Path;
import java.util.Map;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * A feature extractor over frames prepared in memory, for indexes of placeholder files: "extracting" a file returns
 * its frames, or with {@code blur} the same chroma smeared over neighbouring pitch classes (a feature of another
 * character, for indexes of several features).
 */
public final class MappedExtractor implements FeatureExtractor {
    private final String id;
    private final double rate;
    private final Map<String, float[][]> frames;
    private final boolean blur;

    /** @param frames the frames of each file, by absolute normalised path */
    public MappedExtractor(String id, double rate, Map<String, float[][]> frames, boolean blur) {
        this.id = id;
        this.rate = rate;
        this.frames = frames;
        this.blur = blur;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public double frameRate() {
        return rate;
    }

    @Override
    public FeatureSequence extract(Path file) {
        float[][] f = frames.get(file.toAbsolutePath().normalize().toString());
        if (!blur) return new FeatureSequence(id, rate, f);
        float[][] b = new float[f.length][12];
        for (int t = 0; t < f.length; t++) {
            for (int c = 0; c < 12; c++) b[t][c] = f[t][c] + 0.5f * (f[t][(c + 1) % 12] + f[t][(c + 11) % 12]);
        }
        return new FeatureSequence(id, rate, b);
    }
}
