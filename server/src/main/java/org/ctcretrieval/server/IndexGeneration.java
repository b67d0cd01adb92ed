package org.ctcretrieval.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * One commit of the index as the server searches it: a warm {@link ThemeSearcher} and the recording catalog,
 * reference-counted so a request that holds it keeps it open while a newer commit takes its place.
 */
final class IndexGeneration {
    final ThemeSearcher searcher;
    final RecordingCatalog catalog;
    private final AtomicInteger refs = new AtomicInteger(1);

    private IndexGeneration(ThemeSearcher searcher, RecordingCatalog catalog) {
        this.searcher = searcher;
        this.catalog = catalog;
    }

    static IndexGeneration open(Path indexDir) throws IOException {
        ThemeSearcher searcher = ThemeSearcher.open(indexDir);
        try {
            return new IndexGeneration(searcher, new RecordingCatalog(searcher.index()));
        } catch (IOException | RuntimeException e) {
            searcher.close();
            throw e;
        }
    }

    /** True if the index folder holds a newer commit than this generation. */
    boolean stale() throws IOException {
        return !searcher.index().reader().isCurrent();
    }

    boolean tryIncRef() {
        for (int n = refs.get(); n > 0; n = refs.get()) {
            if (refs.compareAndSet(n, n + 1)) return true;
        }
        return false;
    }

    void decRef() throws IOException {
        if (refs.decrementAndGet() == 0) searcher.close();
    }

    int refCount() {
        return refs.get();
    }
}
