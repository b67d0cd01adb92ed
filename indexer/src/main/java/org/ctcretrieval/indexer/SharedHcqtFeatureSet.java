package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.features.FeatureSetExtractor;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtDerivedFeature;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;

/**
 * Several HCQT-based features of a recording ({@link HcqtDerivedFeature}: deep chroma of every model, {@code cqt}
 * chroma) from one decoding and one HCQT held in an {@link HcqtFeatureStore}. Other extractors in the set (e.g.
 * {@code cens}) run on their own. The results equal those of the separate extractors; decoding and the HCQT, the
 * larger part of the work, are done once instead of once per feature.
 */
public final class SharedHcqtFeatureSet implements FeatureSetExtractor {
    private final List<FeatureExtractor> extractors;
    private final Hcqt hcqt = new Hcqt();

    private SharedHcqtFeatureSet(List<FeatureExtractor> extractors) {
        this.extractors = List.copyOf(extractors);
    }

    /**
     * The extractor of {@code extractors}' features: sharing the HCQT when at least two of them derive from it,
     * else one after the other ({@link FeatureSetExtractor#of}).
     */
    public static FeatureSetExtractor of(List<FeatureExtractor> extractors) {
        long shared = extractors.stream().filter(SharedHcqtFeatureSet::derivesFromHcqt).count();
        return shared >= 2 ? new SharedHcqtFeatureSet(extractors) : FeatureSetExtractor.of(extractors);
    }

    static boolean derivesFromHcqt(FeatureExtractor e) {
        return e instanceof HcqtDerivedFeature h && h.derivesFromHcqt();
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
                out.add(derivesFromHcqt(e) ? ((HcqtDerivedFeature) e).fromHcqt(store) : e.extract(audioFile));
            }
        }
        return out;
    }
}
