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

    /** Creates an extractor computing on at most a given number of threads. */
    @FunctionalInterface
    public interface ThreadedFactory {
        FeatureExtractor create(int threads) throws IOException;
    }

    /** The extractor with its own default threads, and with a given thread count. */
    private record Entry(Factory plain, ThreadedFactory threaded) {}

    private final Map<String, Entry> factories = new TreeMap<>();

    /** Registers (or replaces) the factory for {@code id}, which ignores thread counts; returns this registry. */
    public FeatureExtractorRegistry register(String id, Factory factory) {
        factories.put(id, new Entry(factory, threads -> factory.create()));
        return this;
    }

    /** Registers every ID of {@code provider}. */
    public FeatureExtractorRegistry register(FeatureExtractorProvider provider) {
        for (String id : provider.ids()) {
            factories.put(id, new Entry(() -> provider.create(id), threads -> provider.create(id, threads)));
        }
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
        return entry(id).plain().create();
    }

    @Override
    public FeatureExtractor create(String id, int threads) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        return entry(id).threaded().create(threads);
    }

    private Entry entry(String id) {
        Entry f = factories.get(id);
        if (f == null) {
            throw new UsageException("unknown feature extractor '" + id + "'; available: "
                    + (factories.isEmpty() ? "(none installed)" : String.join(", ", factories.keySet())));
        }
        return f;
    }
}
