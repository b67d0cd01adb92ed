package org.ctcretrieval.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.search.ReferenceManager;

/**
 * The index as the server sees it: the current {@link IndexGeneration}, replaced when {@code ctcr index} commits
 * to the same folder. Lucene's {@link ReferenceManager} does the safe swap (requests that hold the old generation
 * finish on it; it closes when the last one releases it); a background thread looks for new commits.
 */
final class LiveIndex extends ReferenceManager<IndexGeneration> {
    private final Path dir;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ctcr-index-refresh");
        t.setDaemon(true);
        return t;
    });

    LiveIndex(Path dir, Duration refreshEvery) throws IOException {
        this.dir = dir;
        this.current = IndexGeneration.open(dir);
        long ms = Math.max(50, refreshEvery.toMillis());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    Path dir() {
        return dir;
    }

    private void refreshQuietly() {
        try {
            maybeRefresh();
        } catch (IOException | RuntimeException e) {
            // An index being rewritten (or a commit in progress) is retried on the next tick; the old one serves.
            System.err.println("ctcr serve: warning: cannot open the new index commit yet: " + e.getMessage());
        }
    }

    @Override
    protected void decRef(IndexGeneration g) throws IOException {
        g.decRef();
    }

    @Override
    protected IndexGeneration refreshIfNeeded(IndexGeneration g) throws IOException {
        return g.stale() ? IndexGeneration.open(dir) : null;
    }

    @Override
    protected boolean tryIncRef(IndexGeneration g) {
        return g.tryIncRef();
    }

    @Override
    protected int getRefCount(IndexGeneration g) {
        return g.refCount();
    }

    @Override
    protected void afterClose() throws IOException {
        refresher.shutdownNow();
    }
}
