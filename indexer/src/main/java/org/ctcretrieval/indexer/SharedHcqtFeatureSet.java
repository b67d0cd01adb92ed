package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.chroma.CqtChroma;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.features.FeatureSetExtractor;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;
import org.ctcretrieval.models.DeepChromaExtractor;

/**
 * Several HCQT-based features of a recording from one decoding and one HCQT: the deep chroma of every model reads
 * the network input from one {@link HcqtFeatureStore}, and {@code cqt} chroma is pooled from the same store's
 * h = 1 median magnitudes (the definition of {@link CqtChroma}, which otherwise computes that CQT on its own).
 * Other extractors in the set (e.g. {@code cens}) run on their own. The results equal those of the separate
 * extractors; decoding and the HCQT, the larger part of the work, are done once instead of once per feature.
 */
public final class SharedHcqtFeatureSet implements FeatureSetExtractor {
    /** Frames pooled per read from the store (bounded memory for long recordings). */
    private static final int CHUNK_FRAMES = 2048;

    private final List<FeatureExtractor> extractors;
    private final Hcqt hcqt = new Hcqt();

    private SharedHcqtFeatureSet(List<FeatureExtractor> extractors) {
        this.extractors = List.copyOf(extractors);
    }

    /**
     * The extractor of {@code extractors}' features: sharing the HCQT when at least two of them derive from it
     * ({@code cqt} or a deep chroma model), else one after the other ({@link FeatureSetExtractor#of}).
     */
    public static FeatureSetExtractor of(List<FeatureExtractor> extractors) {
        long shared = extractors.stream().filter(SharedHcqtFeatureSet::derivesFromHcqt).count();
        return shared >= 2 ? new SharedHcqtFeatureSet(extractors) : FeatureSetExtractor.of(extractors);
    }

    static boolean derivesFromHcqt(FeatureExtractor e) {
        return e instanceof CqtChroma || (e instanceof DeepChromaExtractor d && d.streaming());
    }

    @Override
    public List<String> ids() {
        return extractors.stream().map(FeatureExtractor::id).toList();
    }

    @Override
    public List<Double> frameRates() {
        return extractors.stream().map(FeatureExtractor::frameRate).toList();
    }

    @Override
    public List<FeatureSequence> extract(Path audioFile) throws IOException {
        List<FeatureSequence> out = new ArrayList<>();
        try (HcqtFeatureStore store = AudioHcqt.features(audioFile, hcqt)) {
            for (FeatureExtractor e : extractors) {
                if (e instanceof CqtChroma) out.add(cqtChroma(store));
                else if (e instanceof DeepChromaExtractor d && d.streaming()) out.add(d.extract(store));
                else out.add(e.extract(audioFile));
            }
        }
        return out;
    }

    /** {@link CqtChroma} of the stored HCQT. */
    static FeatureSequence cqtChroma(HcqtFeatureStore store) throws IOException {
        int t = store.length();
        float[][] pooled = new float[t][];
        for (int from = 0; from < t; from += CHUNK_FRAMES) {
            int to = Math.min(t, from + CHUNK_FRAMES);
            float[][] chunk = CqtChroma.pool(store.medianMagnitudes(from, to, Hcqt.FUNDAMENTAL));
            System.arraycopy(chunk, 0, pooled, from, to - from);
        }
        return new FeatureSequence(CqtChroma.ID, org.ctcretrieval.common.hcqt.HcqtFeatures.FRAME_RATE, CqtChroma.normalize(pooled));
    }
}
