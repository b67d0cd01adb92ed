package org.ctcretrieval.solr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrInputDocument;
import org.ctcretrieval.bench.BenchCollection;
import org.ctcretrieval.bench.TransformedCollection;
import org.ctcretrieval.indexer.RecordingDocuments;
import org.apache.solr.embedded.JettySolrRunner;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RelativeIdSystem;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;
import org.ctcretrieval.solr.client.SolrIndexer;
import org.ctcretrieval.solr.client.SolrNodes;
import org.ctcretrieval.solr.client.SolrRecordings;
import org.ctcretrieval.solr.client.SolrThemeSearcher;

/**
 * The engine on an in-process SolrCloud cluster (MiniSolrCloudCluster) next to the embedded index, on one
 * benchmark (a folder of recordings and its query file): indexes the recordings into both, then for each shard
 * count answers every query on both, compares the rankings (IDs and costs to 1e-6, indexed and exhaustive) and
 * measures latency and candidate recall; finally stops one node and answers every query again.
 *
 * <p>It needs Solr's server side and test framework on the class path, which the {@code ctcr} jar leaves out
 * (their Jetty would clash with the web server's); {@code ctcr bench-cluster} starts it in a JVM of its own.
 * Arguments: {@code --audio DIR --queries FILE --features ID --work DIR [--nodes 3] [--shards-list 1,2,4]
 * [--shards 2] [--replicas 2] [--top 10] [--exhaustive-queries N] [--json]}; or, for the transformed collection of
 * {@code bench-search}, {@code --from-index INDEX --query-file FILE [--hours 100] [--seed 1] [--queries-count 100]
 * [--warmup 20]} in place of {@code --audio}, {@code --queries} and {@code --features}.
 */
public final class ClusterBenchmark {
    private final Map<String, String> args;
    private final PrintStream log = System.err;

    private ClusterBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + argv[i]);
            String key = argv[i].substring(2);
            if (key.equals("json")) args.put(key, "true");
            else args.put(key, argv[++i]);
        }
        ObjectNode report = new ClusterBenchmark(args).run();
        if (args.containsKey("json")) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            System.out.print(text(report));
        }
        System.out.flush();
        System.exit(0); // the cluster's non-daemon threads would keep the JVM alive
    }

    private String arg(String key, String def) {
        String v = args.getOrDefault(key, def);
        if (v == null) throw new IllegalArgumentException("missing --" + key);
        return v;
    }

    /**
     * A query: its name, chroma and relevant recordings; {@code idOf} maps a recording ID of the index to the form
     * of the relevant list.
     */
    private record Query(String name, FeatureSequence chroma, Set<String> relevant) {}

    /** The benchmark's recordings and queries, and how they get into the embedded index and the collections. */
    private interface Source {
        /** Builds the embedded index (before the collections exist) or returns false to build it with them. */
        boolean indexEmbedded(Path index) throws IOException;

        /** Indexes every collection (and, if not done yet, the embedded index); returns seconds per collection. */
        double[] indexCollections(List<SolrRecordings> collections, Path embedded) throws IOException;

        /** How the relevant lists name a recording of the index. */
        String relevantId(String indexId);
    }

    private ObjectNode run() throws Exception {
        Path work = Path.of(arg("work", null));
        int nodes = Integer.parseInt(arg("nodes", "3"));
        int replicas = Integer.parseInt(arg("replicas", "2"));
        int mainShards = Integer.parseInt(arg("shards", "2"));
        int top = Integer.parseInt(arg("top", "10"));
        List<Integer> shardCounts = new ArrayList<>();
        for (String s : arg("shards-list", "1,2,4").split(",")) shardCounts.add(Integer.parseInt(s.trim()));
        if (!shardCounts.contains(mainShards)) shardCounts.add(mainShards);
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("load_before", loadAverage());
        Files.createDirectories(work);
        List<Query> queries = new ArrayList<>();
        List<Query> warmup = new ArrayList<>();
        Source source = args.containsKey("from-index") ? transformed(report, queries, warmup) : benchmark(report, queries, warmup);
        report.put("queries", queries.size());
        int exhaustiveQueries = Math.min(queries.size(), Integer.parseInt(arg("exhaustive-queries", Integer.toString(queries.size()))));
        report.put("exhaustive_queries", exhaustiveQueries);
        SearchOptions indexed = SearchOptions.defaults().withTop(top).withThreads(1);
        SearchOptions exhaustive = indexed.withExhaustive(true);

        // the cluster and its collections
        long t0 = System.nanoTime();
        Path index = work.resolve("embedded-index");
        boolean embeddedBuilt = source.indexEmbedded(index);
        MiniSolrCloudCluster cluster = LocalCluster.start(work, nodes);
        log.printf(Locale.ROOT, "bench-cluster: %d nodes up in %.1f s%n", nodes, seconds(t0));
        List<String> urls = LocalCluster.urls(cluster);
        report.put("nodes", nodes);
        report.put("replicas", replicas);
        report.put("shards", mainShards);
        ArrayNode perShards = report.putArray("per_shard_count");
        Set<Integer> identicalEverywhere = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) identicalEverywhere.add(i);
        List<SolrRecordings> collections = new ArrayList<>();
        try {
            for (int shards : shardCounts) {
                LocalCluster.createCollection(cluster, "bench" + shards, shards, replicas);
                collections.add(new SolrRecordings(new SolrNodes(urls, "bench" + shards)));
            }
            double[] indexSeconds = source.indexCollections(collections, embeddedBuilt ? null : index);

            // the embedded index
            List<SearchResult> embeddedIndexed = new ArrayList<>(), embeddedExhaustive = new ArrayList<>();
            double[] embeddedMs = new double[queries.size()];
            double embeddedRecall = 0;
            try (ThemeSearcher embedded = ThemeSearcher.open(index)) {
                report.put("recordings", embedded.index().recordings());
                report.put("audio_hours", round(embedded.index().audioHours()));
                for (Query q : warmup.isEmpty() ? queries : warmup) embedded.search(q.chroma, indexed);
                for (int i = 0; i < queries.size(); i++) {
                    long q0 = System.nanoTime();
                    SearchResult r = embedded.search(queries.get(i).chroma, indexed);
                    embeddedMs[i] = (System.nanoTime() - q0) / 1e6;
                    embeddedIndexed.add(r);
                    List<String> cands = new ArrayList<>();
                    for (int doc : r.candidateDocs()) cands.add(embedded.index().id(doc));
                    embeddedRecall += recall(queries.get(i), cands, source);
                }
                for (int i = 0; i < exhaustiveQueries; i++) embeddedExhaustive.add(embedded.search(queries.get(i).chroma, exhaustive));
            }
            report.put("embedded_p50_ms", round(percentile(embeddedMs, 50)));
            report.put("embedded_p95_ms", round(percentile(embeddedMs, 95)));
            report.put("embedded_candidate_recall", round(embeddedRecall / queries.size()));
            log.printf(Locale.ROOT, "bench-cluster: embedded: p50 %.1f ms%n", percentile(embeddedMs, 50));

            for (int c = 0; c < shardCounts.size(); c++) {
                int shards = shardCounts.get(c);
                SolrThemeSearcher cloud = SolrThemeSearcher.open(collections.get(c));
                for (Query q : warmup.isEmpty() ? queries : warmup) cloud.search(q.chroma, indexed);
                double[] ms = new double[queries.size()];
                PhaseTimes phases = new PhaseTimes();
                double recallSum = 0;
                int identical = 0;
                for (int i = 0; i < queries.size(); i++) {
                    long q0 = System.nanoTime();
                    SolrThemeSearcher.Result r = cloud.search(queries.get(i).chroma, indexed);
                    ms[i] = (System.nanoTime() - q0) / 1e6;
                    phases.add(r.requests(), ms[i]);
                    recallSum += recall(queries.get(i), r.candidateIds(), source);
                    boolean same = same(embeddedIndexed.get(i), r) && (i >= exhaustiveQueries
                            || same(embeddedExhaustive.get(i), cloud.search(queries.get(i).chroma, exhaustive)));
                    if (same) identical++; else identicalEverywhere.remove(i);
                }
                ObjectNode o = perShards.addObject();
                o.put("shards", shards);
                o.put("p50_ms", round(percentile(ms, 50)));
                o.put("p95_ms", round(percentile(ms, 95)));
                o.put("candidate_recall", round(recallSum / queries.size()));
                o.put("identical_rankings", identical);
                o.put("index_seconds", round(indexSeconds[c]));
                o.set("phases", phases.report(o.putObject("phases")));
                if (shards == mainShards) {
                    report.put("p50_ms", o.get("p50_ms").asDouble());
                    report.put("p95_ms", o.get("p95_ms").asDouble());
                }
                log.printf(Locale.ROOT, "bench-cluster: %d shard(s): p50 %.1f ms, %d/%d rankings identical; mean per search: %s%n",
                        shards, percentile(ms, 50), identical, queries.size(), phases.text());
            }
            report.put("identical_rankings", identicalEverywhere.size());

            // one node down
            JettySolrRunner stopped = cluster.stopJettySolrRunner(nodes - 1);
            cluster.waitForJettyToStop(stopped);
            int failed = 0, differing = 0;
            try (SolrRecordings collection = new SolrRecordings(new SolrNodes(urls, "bench" + mainShards))) {
                collection.nodes().setRetrySeconds(30);
                SolrThemeSearcher cloud = SolrThemeSearcher.open(collection);
                for (int i = 0; i < queries.size(); i++) {
                    try {
                        if (!same(embeddedIndexed.get(i), cloud.search(queries.get(i).chroma, indexed))) differing++;
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        log.println("bench-cluster: query " + queries.get(i).name + " failed with a node down: " + e.getMessage());
                    }
                }
            }
            report.put("failed_queries_node_down", failed);
            report.put("differing_rankings_node_down", differing);
        } finally {
            for (SolrRecordings c : collections) c.close();
            cluster.shutdown();
        }
        report.put("load_after", loadAverage());
        return report;
    }

    /** The ASAP benchmark of bench-build: audio files and score queries; features extracted once per file. */
    private Source benchmark(ObjectNode report, List<Query> queries, List<Query> warmup) throws IOException {
        Path audio = Path.of(arg("audio", null)).toAbsolutePath().normalize();
        FeatureExtractor extractor = remembering(FeatureExtractors.discover().create(arg("features", "cqt")));
        IndexSchema schema = new IndexSchema(extractor.id(), extractor.frameRate(), 12, IndexSchema.DEFAULT_RETRIEVAL_RATE,
                ShingleQuantizer.Params.DEFAULT);
        CollectionIndexer.Options options = CollectionIndexer.Options.defaults().withBatchSize(32);
        report.put("source", "benchmark " + audio);
        for (QuerySpec q : QueryFile.read(Path.of(arg("queries", null)))) {
            queries.add(new Query(q.id(), ScoreChroma.query(q.score(), q.selection()), new HashSet<>(q.relevant())));
        }
        RelativeIdSystem ids = new RelativeIdSystem(null, audio);
        return new Source() {
            public boolean indexEmbedded(Path index) throws IOException {
                long t0 = System.nanoTime();
                IndexReport built = new CollectionIndexer(index, extractor, schema, options).index(audio);
                log.printf(Locale.ROOT, "bench-cluster: embedded index of %d recordings in %.1f s%n", built.total(), seconds(t0));
                return true;
            }

            public double[] indexCollections(List<SolrRecordings> collections, Path embedded) throws IOException {
                double[] out = new double[collections.size()];
                for (int c = 0; c < collections.size(); c++) {
                    long t0 = System.nanoTime();
                    new SolrIndexer(collections.get(c), extractor, schema, options, SolrIndexer.Partition.ALL).index(audio);
                    out[c] = seconds(t0);
                }
                return out;
            }

            public String relevantId(String indexId) {
                return ids.relative(indexId);
            }
        };
    }

    /**
     * The transformed collection of {@code ctcr bench-search --from-index} (the same recordings and queries for the
     * same source, hours and seed): chroma sequences, no audio. The documents are built once, in ID order (so that
     * the embedded index's document order is the ID order the collections break ties by), and go into the embedded
     * index and every collection in the same pass. The first {@code --queries} queries are timed, the next
     * {@code --warmup} warm up.
     */
    private Source transformed(ObjectNode report, List<Query> queries, List<Query> warmup) throws IOException {
        Path queryFile = Path.of(arg("query-file", null));
        int timed = Integer.parseInt(arg("queries-count", "100"));
        int warm = Integer.parseInt(arg("warmup", "20"));
        double hours = Double.parseDouble(arg("hours", "100"));
        Path audioRoot = args.containsKey("audio-root") ? Path.of(args.get("audio-root")) : queryFile.toAbsolutePath().getParent().resolve("audio");
        TransformedCollection collection = new TransformedCollection(Path.of(arg("from-index", null)), queryFile, audioRoot,
                hours, timed + warm, Long.parseLong(arg("seed", "1")));
        report.put("source", collection.source() + ", " + hours + " h");
        List<BenchCollection.Query> all = collection.queries();
        for (int i = 0; i < all.size(); i++) {
            Query q = new Query("q" + i, all.get(i).chroma(), all.get(i).relevant());
            (i < timed ? queries : warmup).add(q);
        }
        IndexSchema schema = IndexSchema.forFeatures("bench", collection.frameRate(), 12);
        int batch = Integer.parseInt(arg("batch", "200"));
        return new Source() {
            public boolean indexEmbedded(Path index) {
                return false;
            }

            public double[] indexCollections(List<SolrRecordings> collections, Path embedded) throws IOException {
                double[] out = new double[collections.size()];
                for (SolrRecordings c : collections) c.writeSetup(schema);
                RecordingDocuments documents = new RecordingDocuments(schema);
                ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
                long t0 = System.nanoTime();
                try (FSDirectory dir = FSDirectory.open(embedded);
                     IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setRAMBufferSizeMB(128))) {
                    ArrayDeque<Future<Document>> window = new ArrayDeque<>();
                    List<SolrInputDocument> pending = new ArrayList<>();
                    int next = 0, done = 0;
                    while (next < collection.recordings() || !window.isEmpty()) {
                        while (next < collection.recordings() && window.size() < 64) {
                            int r = next++;
                            window.add(pool.submit(() -> documents.build(collection.id(r), "bench",
                                    new FeatureSequence("bench", collection.frameRate(), collection.frames(r)))));
                        }
                        Document doc = window.poll().get();
                        writer.addDocument(doc);
                        pending.add(SolrRecordings.toSolr(doc));
                        if (pending.size() >= batch || window.isEmpty()) {
                            for (int c = 0; c < collections.size(); c++) {
                                long s0 = System.nanoTime();
                                collections.get(c).add(pending);
                                out[c] += seconds(s0);
                            }
                            done += pending.size();
                            pending.clear();
                            log.printf(Locale.ROOT, "bench-cluster: %d/%d recordings indexed%n", done, collection.recordings());
                        }
                    }
                    writer.setLiveCommitData(schema.toUserData().entrySet());
                    writer.commit();
                    CollectionIndexer.mergeToOneSegment(writer);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("building the collection failed", e.getCause());
                } finally {
                    pool.shutdownNow();
                }
                for (int c = 0; c < collections.size(); c++) {
                    long s0 = System.nanoTime();
                    collections.get(c).addAndCommit(List.of());
                    out[c] += seconds(s0);
                }
                log.printf(Locale.ROOT, "bench-cluster: %d recordings in the embedded index and %d collections in %.1f s%n",
                        collection.recordings(), collections.size(), seconds(t0));
                return out;
            }

            public String relevantId(String indexId) {
                return indexId;
            }
        };
    }

    /**
     * Where the time of the timed searches went, per phase of a search: the mean wall time at the client and the
     * mean Solr {@code QTime} per search (requests of a phase sent side by side count by the slowest), and the
     * rest of the search (the client's own work).
     */
    static final class PhaseTimes {
        private final Map<String, double[]> sums = new java.util.LinkedHashMap<>(); // phase -> {elapsed, qtime, requests}
        private double total;
        private int searches;

        void add(List<SolrThemeSearcher.Request> requests, double searchMs) {
            Map<String, double[]> slowest = new java.util.LinkedHashMap<>();
            for (SolrThemeSearcher.Request r : requests) {
                double[] s = slowest.computeIfAbsent(r.phase(), k -> new double[3]);
                s[0] = Math.max(s[0], r.elapsedMs());
                s[1] = Math.max(s[1], r.qTimeMs());
                s[2]++;
            }
            slowest.forEach((phase, s) -> {
                double[] sum = sums.computeIfAbsent(phase, k -> new double[3]);
                for (int i = 0; i < 3; i++) sum[i] += s[i];
            });
            total += searchMs;
            searches++;
        }

        ObjectNode report(ObjectNode o) {
            double inRequests = 0;
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                double[] s = e.getValue();
                ObjectNode p = o.putObject(e.getKey());
                p.put("requests_per_search", round(s[2] / searches));
                p.put("mean_ms", round(s[0] / searches));
                p.put("mean_qtime_ms", round(s[1] / searches));
                inRequests += s[0];
            }
            o.put("client_mean_ms", round((total - inRequests) / Math.max(1, searches)));
            o.put("search_mean_ms", round(total / Math.max(1, searches)));
            return o;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            double inRequests = 0;
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                double[] s = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s %.1f ms (QTime %.1f, %.1f requests), ", e.getKey(), s[0] / searches,
                        s[1] / searches, s[2] / searches));
                inRequests += s[0];
            }
            return sb.append(String.format(Locale.ROOT, "client %.1f ms of %.1f ms", (total - inRequests) / Math.max(1, searches),
                    total / Math.max(1, searches))).toString();
        }
    }

    /** Same IDs in the same order and costs within 1e-6. */
    static boolean same(SearchResult embedded, SolrThemeSearcher.Result cloud) {
        List<SearchHit> a = embedded.hits(), b = cloud.hits();
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).id().equals(b.get(i).id()) || Math.abs(a.get(i).cost() - b.get(i).cost()) > 1e-6) return false;
        }
        return true;
    }

    private static double recall(Query q, List<String> candidates, Source source) {
        if (q.relevant().isEmpty()) return 1;
        Set<String> found = new HashSet<>();
        for (String c : candidates) found.add(source.relevantId(c));
        int hit = 0;
        for (String r : q.relevant()) if (found.contains(r)) hit++;
        return hit / (double) q.relevant().size();
    }

    /** Extracts each file once, however many collections it goes into. */
    private static FeatureExtractor remembering(FeatureExtractor inner) {
        Map<Path, FeatureSequence> seen = new ConcurrentHashMap<>();
        return new FeatureExtractor() {
            public String id() { return inner.id(); }
            public double frameRate() { return inner.frameRate(); }
            public FeatureSequence extract(Path file) throws IOException {
                FeatureSequence f = seen.get(file);
                if (f == null) {
                    f = inner.extract(file);
                    seen.put(file, f);
                }
                return f;
            }
        };
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String text(ObjectNode r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.path("source").asText()).append('\n');
        sb.append(String.format(Locale.ROOT, "recordings %d (%.1f audio hours), queries %d (%d also exhaustive); cluster of %d nodes, %d replicas per shard%n",
                r.path("recordings").asInt(), r.path("audio_hours").asDouble(), r.path("queries").asInt(),
                r.path("exhaustive_queries").asInt(), r.path("nodes").asInt(), r.path("replicas").asInt()));
        sb.append(String.format(Locale.ROOT, "%-10s %10s %10s %17s %10s %10s%n", "engine", "p50 ms", "p95 ms", "candidate recall",
                "identical", "index s"));
        sb.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %17.3f %10s %10s%n", "embedded", r.path("embedded_p50_ms").asDouble(),
                r.path("embedded_p95_ms").asDouble(), r.path("embedded_candidate_recall").asDouble(), "-", "-"));
        for (var o : r.path("per_shard_count")) {
            sb.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %17.3f %10s %10.1f%n", o.path("shards").asInt() + " shard(s)",
                    o.path("p50_ms").asDouble(), o.path("p95_ms").asDouble(), o.path("candidate_recall").asDouble(),
                    o.path("identical_rankings").asInt() + "/" + r.path("queries").asInt(), o.path("index_seconds").asDouble()));
        }
        for (var o : r.path("per_shard_count")) {
            sb.append(String.format(Locale.ROOT, "%d shard(s), mean per search:", o.path("shards").asInt()));
            o.path("phases").fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) {
                    sb.append(String.format(Locale.ROOT, " %s %.1f ms (QTime %.1f)", e.getKey(), e.getValue().path("mean_ms").asDouble(),
                            e.getValue().path("mean_qtime_ms").asDouble()));
                }
            });
            sb.append(String.format(Locale.ROOT, " client %.1f ms, search %.1f ms%n", o.path("phases").path("client_mean_ms").asDouble(),
                    o.path("phases").path("search_mean_ms").asDouble()));
        }
        sb.append(String.format(Locale.ROOT, "identical rankings on every shard count (indexed and exhaustive): %d/%d%n",
                r.path("identical_rankings").asInt(), r.path("queries").asInt()));
        sb.append(String.format(Locale.ROOT, "one of %d nodes down (%d shards): %d failed queries, %d differing rankings%n",
                r.path("nodes").asInt(), r.path("shards").asInt(), r.path("failed_queries_node_down").asInt(),
                r.path("differing_rankings_node_down").asInt()));
        sb.append("load average before ").append(r.path("load_before").asText()).append(", after ").append(r.path("load_after").asText()).append('\n');
        return sb.toString();
    }
}
