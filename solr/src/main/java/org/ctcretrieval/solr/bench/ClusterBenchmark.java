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
import org.apache.solr.cloud.MiniSolrCloudCluster;
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
 * [--shards 2] [--replicas 2] [--top 10] [--json]}.
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

    /** A query's chroma and its relevant recordings. */
    private record Query(QuerySpec spec, FeatureSequence chroma) {}

    private ObjectNode run() throws Exception {
        Path audio = Path.of(arg("audio", null)).toAbsolutePath().normalize();
        Path work = Path.of(arg("work", null));
        int nodes = Integer.parseInt(arg("nodes", "3"));
        int replicas = Integer.parseInt(arg("replicas", "2"));
        int mainShards = Integer.parseInt(arg("shards", "2"));
        int top = Integer.parseInt(arg("top", "10"));
        List<Integer> shardCounts = new ArrayList<>();
        for (String s : arg("shards-list", "1,2,4").split(",")) shardCounts.add(Integer.parseInt(s.trim()));
        if (!shardCounts.contains(mainShards)) shardCounts.add(mainShards);
        FeatureExtractor extractor = remembering(FeatureExtractors.discover().create(arg("features", "cqt")));
        IndexSchema schema = new IndexSchema(extractor.id(), extractor.frameRate(), 12, IndexSchema.DEFAULT_RETRIEVAL_RATE,
                ShingleQuantizer.Params.DEFAULT);
        CollectionIndexer.Options options = CollectionIndexer.Options.defaults().withBatchSize(32);
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("load_before", loadAverage());

        // embedded index
        Files.createDirectories(work);
        Path index = work.resolve("embedded-index");
        long t0 = System.nanoTime();
        IndexReport built = new CollectionIndexer(index, extractor, schema, options).index(audio);
        log.printf(Locale.ROOT, "bench-cluster: embedded index of %d recordings in %.1f s%n", built.total(), seconds(t0));
        report.put("recordings", built.total());
        RelativeIdSystem ids = new RelativeIdSystem(null, audio);
        List<Query> queries = new ArrayList<>();
        for (QuerySpec q : QueryFile.read(Path.of(arg("queries", null)))) queries.add(new Query(q, ScoreChroma.query(q.score(), q.selection())));
        report.put("queries", queries.size());
        SearchOptions indexed = SearchOptions.defaults().withTop(top).withThreads(1);
        SearchOptions exhaustive = indexed.withExhaustive(true);
        List<SearchResult> embeddedIndexed = new ArrayList<>(), embeddedExhaustive = new ArrayList<>();
        double[] embeddedMs = new double[queries.size()];
        double embeddedRecall = 0;
        try (ThemeSearcher embedded = ThemeSearcher.open(index)) {
            for (Query q : queries) embedded.search(q.chroma, indexed); // warm-up
            for (int i = 0; i < queries.size(); i++) {
                long q0 = System.nanoTime();
                SearchResult r = embedded.search(queries.get(i).chroma, indexed);
                embeddedMs[i] = (System.nanoTime() - q0) / 1e6;
                embeddedIndexed.add(r);
                List<String> cands = new ArrayList<>();
                for (int doc : r.candidateDocs()) cands.add(embedded.index().id(doc));
                embeddedRecall += recall(queries.get(i).spec, cands, ids);
                embeddedExhaustive.add(embedded.search(queries.get(i).chroma, exhaustive));
            }
        }
        report.put("embedded_p50_ms", round(percentile(embeddedMs, 50)));
        report.put("embedded_p95_ms", round(percentile(embeddedMs, 95)));
        report.put("embedded_candidate_recall", round(embeddedRecall / queries.size()));

        // the cluster
        t0 = System.nanoTime();
        MiniSolrCloudCluster cluster = LocalCluster.start(work, nodes);
        log.printf(Locale.ROOT, "bench-cluster: %d nodes up in %.1f s%n", nodes, seconds(t0));
        List<String> urls = LocalCluster.urls(cluster);
        report.put("nodes", nodes);
        report.put("replicas", replicas);
        report.put("shards", mainShards);
        ArrayNode perShards = report.putArray("per_shard_count");
        Set<Integer> identicalEverywhere = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) identicalEverywhere.add(i);
        try {
            for (int shards : shardCounts) {
                String name = "bench" + shards;
                LocalCluster.createCollection(cluster, name, shards, replicas);
                try (SolrRecordings collection = new SolrRecordings(new SolrNodes(urls, name))) {
                    t0 = System.nanoTime();
                    new SolrIndexer(collection, extractor, schema, options, SolrIndexer.Partition.ALL).index(audio);
                    double indexSeconds = seconds(t0);
                    SolrThemeSearcher cloud = SolrThemeSearcher.open(collection);
                    for (Query q : queries) cloud.search(q.chroma, indexed); // warm-up
                    double[] ms = new double[queries.size()];
                    double recallSum = 0;
                    int identical = 0;
                    for (int i = 0; i < queries.size(); i++) {
                        long q0 = System.nanoTime();
                        SolrThemeSearcher.Result r = cloud.search(queries.get(i).chroma, indexed);
                        ms[i] = (System.nanoTime() - q0) / 1e6;
                        recallSum += recall(queries.get(i).spec, r.candidateIds(), ids);
                        boolean same = same(embeddedIndexed.get(i), r)
                                && same(embeddedExhaustive.get(i), cloud.search(queries.get(i).chroma, exhaustive));
                        if (same) identical++; else identicalEverywhere.remove(i);
                    }
                    ObjectNode o = perShards.addObject();
                    o.put("shards", shards);
                    o.put("p50_ms", round(percentile(ms, 50)));
                    o.put("p95_ms", round(percentile(ms, 95)));
                    o.put("candidate_recall", round(recallSum / queries.size()));
                    o.put("identical_rankings", identical);
                    o.put("index_seconds", round(indexSeconds));
                    if (shards == mainShards) {
                        report.put("p50_ms", o.get("p50_ms").asDouble());
                        report.put("p95_ms", o.get("p95_ms").asDouble());
                    }
                    log.printf(Locale.ROOT, "bench-cluster: %d shard(s): p50 %.1f ms, %d/%d rankings identical%n", shards,
                            percentile(ms, 50), identical, queries.size());
                }
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
                        log.println("bench-cluster: query " + queries.get(i).spec.id() + " failed with a node down: " + e.getMessage());
                    }
                }
            }
            report.put("failed_queries_node_down", failed);
            report.put("differing_rankings_node_down", differing);
        } finally {
            cluster.shutdown();
        }
        report.put("load_after", loadAverage());
        return report;
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

    private static double recall(QuerySpec q, List<String> candidates, RelativeIdSystem ids) {
        Set<String> found = new HashSet<>();
        for (String c : candidates) found.add(ids.relative(c));
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
        sb.append(String.format(Locale.ROOT, "recordings %d, queries %d; cluster of %d nodes, %d replicas per shard%n",
                r.path("recordings").asInt(), r.path("queries").asInt(), r.path("nodes").asInt(), r.path("replicas").asInt()));
        sb.append(String.format(Locale.ROOT, "%-10s %10s %10s %17s %10s %10s%n", "engine", "p50 ms", "p95 ms", "candidate recall",
                "identical", "index s"));
        sb.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %17.3f %10s %10s%n", "embedded", r.path("embedded_p50_ms").asDouble(),
                r.path("embedded_p95_ms").asDouble(), r.path("embedded_candidate_recall").asDouble(), "-", "-"));
        for (var o : r.path("per_shard_count")) {
            sb.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %17.3f %10s %10.1f%n", o.path("shards").asInt() + " shard(s)",
                    o.path("p50_ms").asDouble(), o.path("p95_ms").asDouble(), o.path("candidate_recall").asDouble(),
                    o.path("identical_rankings").asInt() + "/" + r.path("queries").asInt(), o.path("index_seconds").asDouble()));
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
