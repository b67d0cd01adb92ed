package org.ctcretrieval.common.chroma;

import org.ctcretrieval.common.UsageException;
import java.util.List;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureExtractorProvider;

/** Contributes the model-free features {@code cqt} ({@link CqtChroma}) and {@code cens} ({@link Cens}). */
public final class ClassicChromaProvider implements FeatureExtractorProvider {
    @Override
    public List<String> ids() {
        return List.of(CqtChroma.ID, Cens.ID);
    }

    @Override
    public FeatureExtractor create(String id) {
        return switch (id) {
            case CqtChroma.ID -> new CqtChroma();
            case Cens.ID -> new Cens();
            default -> throw new UsageException("not a classic chroma feature: " + id);
        };
    }

    @Override
    public FeatureExtractor create(String id, int threads) {
        CqtChroma chroma = new CqtChroma(new org.ctcretrieval.common.hcqt.Hcqt(threads));
        return switch (id) {
            case CqtChroma.ID -> chroma;
            case Cens.ID -> new Cens(chroma, Cens.DEFAULT_SMOOTHING, Cens.DEFAULT_DOWNSAMPLING);
            default -> throw new IllegalArgumentException("not a classic chroma feature: " + id);
        };
    }
}
