package org.ctcretrieval.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.solr.client.SolrNodes;
import org.ctcretrieval.solr.client.SolrRecordings;
import org.ctcretrieval.solr.client.SolrThemeSearcher;

/**
 * A SolrCloud collection as the server sees it. Searches go through {@link SolrThemeSearcher}, the search of
 * {@code ctcr query --solr}; the recording catalog (path, frames, content hash of every recording: about 200 bytes
 * each) is read from the collection's stored fields and read again when a commit changed the collection (checked
 * every few seconds); a recording's chroma comes from its shard's doc values ({@code [ctcr_chroma]}).
 */
final class SolrSource implements RecordingSource, AutoCloseable {
    /** Least pause between two looks for a changed collection (each is a request to the cluster). */
    static final Duration MIN_REFRESH = Duration.ofSeconds(2);

    private final SolrRecordings collection;
    private final SolrThemeSearcher searcher;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ctcr-solr-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile RecordingCatalog catalog;
    private volatile String state;

    private SolrSource(SolrRecordings collection, SolrThemeSearcher searcher) {
        this.collection = collection;
        this.searcher = searcher;
    }

    /**
     * Reads the collection's setup and recordings.
     *
     * @throws IOException if no node answers, or the collection holds no recordings yet
     */
    static SolrSource open(ServerConfig.Solr target, Duration refreshEvery) throws IOException {
        SolrRecordings collection = new SolrRecordings(new SolrNodes(target.urls(), target.collection()));
        try {
            collection.nodes().setRetrySeconds(30);
            SolrSource s = new SolrSource(collection, SolrThemeSearcher.open(collection));
            s.refresh();
            long ms = Math.max(MIN_REFRESH.toMillis(), refreshEvery.toMillis());
            s.refresher.scheduleWithFixedDelay(s::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
            return s;
        } catch (IOException | RuntimeException e) {
            collection.close();
            throw e;
        }
    }

    /** The collection's name. */
    String name() {
        return collection.nodes().collection();
    }

    /** The collection's one feature. */
    List<String> features() {
        return List.of(searcher.schema().featureId());
    }

    /** Searches the collection as {@code ctcr query --solr} does. */
    FusedSearcher.Result search(FeatureSequence query, SearchOptions options) throws IOException {
        return searcher.search(query, options).fused();
    }

    @Override
    public RecordingCatalog catalog() {
        return catalog;
    }

    @Override
    public IndexSchema schema() {
        return searcher.schema();
    }

    @Override
    public byte[] chroma(Recording r) throws IOException {
        byte[] codes = collection.chroma(r.path());
        if (codes == null) throw ApiError.notFound("recording '" + r.name() + "' is no longer in collection " + name());
        return codes;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            // a node restarting or a shard electing a leader: the last catalog serves until the next look
            if (!refresher.isShutdown()) System.err.println("ctcr serve: warning: cannot read collection " + name() + ": " + e.getMessage());
        }
    }

    /** Reads the catalog again if the collection changed since the last read. */
    void refresh() throws IOException {
        String now = collection.state();
        if (now.equals(state)) return;
        double rate = schema().retrievalRate();
        List<Recording> all = new ArrayList<>();
        for (SolrRecordings.Stored s : collection.list()) all.add(RecordingCatalog.recording(s.id(), -1, s.frames(), rate, s.sha256()));
        catalog = new RecordingCatalog(all);
        state = now;
    }

    @Override
    public void close() throws IOException {
        refresher.shutdownNow();
        collection.close();
    }
}
