package org.ctcretrieval.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.search.FusedSearcher;

/**
 * One commit of the index as the server searches it: a warm {@link FusedSearcher} (one feature, or several for a
 * fused index) and the recording catalog, reference-counted so a request that holds it keeps it open while a newer
 * commit takes its place.
 */
final class IndexGeneration implements RecordingSource {
    final FusedSearcher searcher;
    final RecordingCatalog catalog;
    private final AtomicInteger refs = new AtomicInteger(1);
    private AudioSearch audio;

    private IndexGeneration(FusedSearcher searcher, RecordingCatalog catalog) {
        this.searcher = searcher;
        this.catalog = catalog;
    }

    static IndexGeneration open(Path indexDir) throws IOException {
        FusedSearcher searcher = FusedSearcher.open(indexDir);
        try {
            return new IndexGeneration(searcher, new RecordingCatalog(searcher.searcher(0).index()));
        } catch (IOException | RuntimeException e) {
            searcher.close();
            throw e;
        }
    }

    /**
     * The index of the first feature: the recordings, their stored chroma and the feature setup the recording API
     * and the match picture show (every feature of a fused index holds the same recordings).
     */
    IndexSnapshot first() {
        return searcher.searcher(0).index();
    }

    @Override
    public RecordingCatalog catalog() {
        return catalog;
    }

    @Override
    public org.ctcretrieval.common.index.IndexSchema schema() {
        return first().schema();
    }

    @Override
    public byte[] chroma(Recording r) throws IOException {
        return first().chroma(r.doc());
    }

    /**
     * Searches by audio as {@code ctcr query --audio/--sung} (in a fused index, excerpts search the first feature
     * and melodies the one {@link org.ctcretrieval.query.audio.MelodyFeature} chooses); made on first use, as it
     * loads the feature extractor.
     */
    synchronized AudioSearch audio() {
        if (audio == null) audio = AudioSearch.over(searcher);
        return audio;
    }

    /** True if the index folder holds a newer commit than this generation (in any feature). */
    boolean stale() throws IOException {
        for (int f = 0; f < searcher.features().size(); f++) {
            if (!searcher.searcher(f).index().reader().isCurrent()) return true;
        }
        return false;
    }

    boolean tryIncRef() {
        for (int n = refs.get(); n > 0; n = refs.get()) {
            if (refs.compareAndSet(n, n + 1)) return true;
        }
        return false;
    }

    void decRef() throws IOException {
        if (refs.decrementAndGet() == 0) {
            try {
                synchronized (this) {
                    if (audio != null) audio.close();
                }
            } finally {
                searcher.close();
            }
        }
    }

    int refCount() {
        return refs.get();
    }
}
