package org.ctcretrieval.indexer;

import org.ctcretrieval.common.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureExtractorProvider;

/**
 * A mutable {@link FeatureExtractors}: factories registered by name, either explicitly ({@link #register}) or by
 * every {@link FeatureExtractorProvider} found with {@link ServiceLoader} ({@link #discover()}).
 */
public final class FeatureExtractorRegistry implements FeatureExtractors {
    /** Creates an extractor on demand (extractors may load model weights, so they are built only when used). */
    @FunctionalInterface
    public interface Factory {
        FeatureExtractor create() throws IOException;
    }

    private final Map<String, Factory> factories = new TreeMap<>();

    /** Registers (or replaces) the factory for {@code id}; returns this registry. */
    public FeatureExtractorRegistry register(String id, Factory factory) {
        factories.put(id, factory);
        return this;
    }

    /** Registers every ID of {@code provider}. */
    public FeatureExtractorRegistry register(FeatureExtractorProvider provider) {
        for (String id : provider.ids()) register(id, () -> provider.create(id));
        return this;
    }

    /** A registry holding every provider on the class path. */
    public static FeatureExtractorRegistry discover() {
        FeatureExtractorRegistry r = new FeatureExtractorRegistry();
        for (FeatureExtractorProvider p : ServiceLoader.load(FeatureExtractorProvider.class)) r.register(p);
        return r;
    }

    @Override
    public List<String> ids() {
        return Collections.unmodifiableList(new ArrayList<>(factories.keySet()));
    }

    @Override
    public FeatureExtractor create(String id) throws IOException {
        Factory f = factories.get(id);
        if (f == null) {
            throw new UsageException("unknown feature extractor '" + id + "'; available: "
                    + (factories.isEmpty() ? "(none installed)" : String.join(", ", factories.keySet())));
        }
        return f.create();
    }
}
