package org.ctcretrieval.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link SearchServer} runs.
 *
 * @param index          index folder, or null when the server searches a SolrCloud collection
 * @param solr           the SolrCloud collection searched instead of an index folder, or null
 * @param bind           address to listen on (loopback unless the user says otherwise)
 * @param port           TCP port; 0 picks a free one
 * @param corsOrigin     the one origin allowed to call the API from another site, or null for none
 * @param maxUploadBytes largest request body accepted (a theme file); larger ones get 413
 * @param maxSearches    searches run at the same time; more wait in a queue
 * @param queueLength    searches that may wait for a slot; more get 503 at once
 * @param queueWait      how long a search waits for a slot before it gets 503
 * @param searchTimeout  how long a search may run before it stops and its request gets 503
 * @param idleTimeout    how long a connection may stay silent (a slow or stalled client) before it is closed
 * @param refreshEvery   how often the server looks for a new commit of the index
 * @param searchThreads  threads one search may use (its term searches, windows and DTW); one by default
 *                       ({@link #DEFAULT_SEARCH_THREADS}), which leaves the other cores to concurrent searches; more
 *                       make a lone search faster but concurrent ones slower
 */
public record ServerConfig(Path index, Solr solr, String bind, int port, String corsOrigin, long maxUploadBytes, int maxSearches,
                           int queueLength, Duration queueWait, Duration searchTimeout, Duration idleTimeout,
                           Duration refreshEvery, int searchThreads) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final long DEFAULT_MAX_UPLOAD = 4L << 20;
    /**
     * Threads of one search by default: one. A server answers many users, and a search on one thread leaves the
     * other cores to the searches next to it (on 2 cores, 16 clients get about twice the searches per second of
     * one client, against 1.3 times with every core for each search); a lone search takes longer (about 90 ms
     * instead of 65 ms on 1,000 hours).
     */
    public static final int DEFAULT_SEARCH_THREADS = 1;

    /**
     * A SolrCloud collection (set up as docs/scaling.md describes) reached through any of its nodes.
     *
     * @param urls       node base URLs, e.g. {@code http://solr1:8983/solr}
     * @param collection collection name
     */
    public record Solr(java.util.List<String> urls, String collection) {
        public Solr {
            urls = java.util.List.copyOf(urls);
            if (urls.isEmpty() || collection == null || collection.isBlank()) throw new IllegalArgumentException("need Solr URLs and a collection");
        }
    }

    public ServerConfig {
        if ((index == null) == (solr == null)) throw new IllegalArgumentException("serve either an index folder or a SolrCloud collection");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535: " + port);
        if (maxUploadBytes < 1024) throw new IllegalArgumentException("upload limit must be at least 1024 bytes");
        if (maxSearches < 1 || queueLength < 0) throw new IllegalArgumentException("need at least one search slot and a queue >= 0");
        if (searchThreads < 1) throw new IllegalArgumentException("a search needs at least one thread");
    }

    /** Loopback, port 8080, no CORS, 4 MiB uploads, one search per core, a queue of 32 waiting up to 10 s, one
     * thread for each search. */
    public static ServerConfig defaults(Path index) {
        return new ServerConfig(index, null, LOOPBACK, 8080, null, DEFAULT_MAX_UPLOAD,
                Runtime.getRuntime().availableProcessors(), 32, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(1), DEFAULT_SEARCH_THREADS);
    }

    /** The defaults of {@link #defaults(Path)} over a SolrCloud collection. */
    public static ServerConfig defaults(Solr solr) {
        ServerConfig d = defaults(Path.of("."));
        return new ServerConfig(null, solr, d.bind, d.port, d.corsOrigin, d.maxUploadBytes, d.maxSearches, d.queueLength,
                d.queueWait, d.searchTimeout, d.idleTimeout, d.refreshEvery, d.searchThreads);
    }

    /** What the server searches, for messages: the index folder, or {@code collection C at URLS}. */
    public String describe() {
        return index != null ? index.toString() : "collection " + solr.collection() + " at " + String.join(",", solr.urls());
    }

    public ServerConfig withBind(String b) {
        return new ServerConfig(index, solr, b, port, corsOrigin, maxUploadBytes, maxSearches, queueLength, queueWait, searchTimeout, idleTimeout, refreshEvery, searchThreads);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(index, solr, bind, p, corsOrigin, maxUploadBytes, maxSearches, queueLength, queueWait, searchTimeout, idleTimeout, refreshEvery, searchThreads);
    }

    public ServerConfig withCorsOrigin(String o) {
        return new ServerConfig(index, solr, bind, port, o, maxUploadBytes, maxSearches, queueLength, queueWait, searchTimeout, idleTimeout, refreshEvery, searchThreads);
    }

    public ServerConfig withMaxUploadBytes(long n) {
        return new ServerConfig(index, solr, bind, port, corsOrigin, n, maxSearches, queueLength, queueWait, searchTimeout, idleTimeout, refreshEvery, searchThreads);
    }

    public ServerConfig withSearchSlots(int slots, int queue, Duration wait) {
        return new ServerConfig(index, solr, bind, port, corsOrigin, maxUploadBytes, slots, queue, wait, searchTimeout, idleTimeout, refreshEvery, searchThreads);
    }

    public ServerConfig withSearchTimeout(Duration t) {
        return new ServerConfig(index, solr, bind, port, corsOrigin, maxUploadBytes, maxSearches, queueLength, queueWait, t, idleTimeout, refreshEvery, searchThreads);
    }

    public ServerConfig withRefreshEvery(Duration d) {
        return new ServerConfig(index, solr, bind, port, corsOrigin, maxUploadBytes, maxSearches, queueLength, queueWait, searchTimeout, idleTimeout, d, searchThreads);
    }

    public ServerConfig withSearchThreads(int n) {
        return new ServerConfig(index, solr, bind, port, corsOrigin, maxUploadBytes, maxSearches, queueLength, queueWait, searchTimeout, idleTimeout, refreshEvery, n);
    }
}
