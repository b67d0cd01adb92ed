package org.ctcretrieval.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ctcretrieval.bench.BenchmarkBuilder;
import org.ctcretrieval.bench.BenchmarkOptions;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ctcr bench-cluster}: the engine on an in-process SolrCloud cluster next to the embedded index. The cluster
 * needs Solr's server side, which the ctcr jar leaves out (its Jetty would clash with the web server's), so the
 * measurement runs in a JVM of its own on the class path that the build writes to
 * {@code solr/target/cluster-classpath.txt} (see {@code org.ctcretrieval.solr.bench.ClusterBenchmark}).
 */
@Command(name = "bench-cluster", header = "Measure the engine on an in-process SolrCloud cluster against the embedded index.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts a SolrCloud cluster of N nodes in one JVM (embedded ZooKeeper), indexes a benchmark into",
            "collections of 1, 2 and 4 shards (--shard-counts; and --shards) through the client, and answers every query on each",
            "and on the embedded index: p50/p95 latency, candidate recall, and whether every ranking (indexed and",
            "exhaustive) equals the embedded one in IDs and costs. Then stops one node and answers every query",
            "again on the --shards collection, counting failures. Runs from a source build (./ctcr).",
            "",
            "With --from-index and --query-file it runs on the transformed collection of bench-search instead (the",
            "same recordings and queries for the same index, query file, --hours and --seed): chroma sequences, no",
            "audio, indexed into the embedded index and every collection in one pass; --queries are timed after",
            "--warmup others. Example: ctcr bench-cluster --from-index bench-work/asap/index-v1_ctc_train1234valid5",
            "--query-file bench-work/asap/collection/queries.tsv --hours 100"
        })
public final class BenchClusterCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Solr nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", paramLabel = "S", defaultValue = "2",
            description = "Shards of the collection that answers with a node down; the --shard-counts are measured too (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--shard-counts", paramLabel = "S,S...", defaultValue = "1,2,4", split = ",",
            description = "Shard counts whose collections are measured; --shards is added if missing (default: ${DEFAULT-VALUE}).")
    List<Integer> shardCounts;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "2", description = "Replicas per shard (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--small", description = "The small ASAP benchmark (bench-build --small: 4 pieces x 3 performances, 30 s)"
            + " instead of the benchmark of docs/benchmark.md (40 pieces x 3 performances, 60 s: 113 recordings, 147 queries).")
    boolean small;

    @Option(names = "--bench", paramLabel = "DIR",
            description = "A benchmark built by bench-build (audio/ and queries.tsv) to use instead of building one.")
    Path bench;

    @Option(names = "--from-index", paramLabel = "DIR",
            description = "Run on the transformed collection made from the chroma stored in this index (as bench-search --from-index; needs --query-file).")
    Path fromIndex;

    @Option(names = "--query-file", paramLabel = "QUERIES.tsv", description = "Score queries on the --from-index collection.")
    Path queryFile;

    @Option(names = "--audio-root", paramLabel = "DIR",
            description = "Folder the --from-index index was built from (default: the folder 'audio' next to the query file).")
    Path audioRoot;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "100",
            description = "Audio hours of the transformed collection (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "100",
            description = "Timed queries on the transformed collection (default: ${DEFAULT-VALUE}).")
    int queryCount;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
            description = "Further queries on the transformed collection run untimed first, on every engine (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the transformed collection (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--exhaustive-queries", paramLabel = "N",
            description = "How many queries are also compared exhaustively (default: all on a benchmark, 5 on the transformed collection).")
    Integer exhaustiveQueries;

    @Option(names = "--features", paramLabel = "ID", defaultValue = "cqt", description = "Feature extractor (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--work", paramLabel = "DIR", description = "Folder for the benchmark, indexes and cluster (default: a new temporary folder).")
    Path work;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "3g", description = "Heap of the cluster JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--json", description = "Print a JSON object (queries, identical_rankings, failed_queries_node_down, p50_ms, p95_ms, embedded_p50_ms, ...).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (shardCounts.stream().anyMatch(s -> s < 1)) throw new org.ctcretrieval.common.UsageException("--shard-counts must be >= 1");
        if (nodes < 1 || shards < 1 || replicas < 1) throw new IllegalArgumentException("--nodes, --shards and --replicas must be >= 1");
        if (replicas > 1 && nodes < 2) throw new IllegalArgumentException("--replicas " + replicas + " needs at least 2 nodes");
        if ((fromIndex == null) != (queryFile == null)) throw new org.ctcretrieval.common.UsageException("--from-index and --query-file go together");
        if (fromIndex != null && (bench != null || small)) throw new org.ctcretrieval.common.UsageException("--from-index replaces --bench and --small");
        if (hours <= 0 || queryCount < 1 || warmup < 0) throw new org.ctcretrieval.common.UsageException("--hours must be > 0, --queries >= 1, --warmup >= 0");
        Path classpath = clusterClasspath();
        Path dir = work != null ? work : Files.createTempDirectory("ctcr-bench-cluster");
        List<String> common = List.of("--work", dir.resolve("run").toString(), "--nodes", Integer.toString(nodes),
                "--shards", Integer.toString(shards), "--replicas", Integer.toString(replicas),
                "--shards-list", String.join(",", shardCounts.stream().map(String::valueOf).toList()));
        if (fromIndex != null) {
            if (!Files.isDirectory(fromIndex)) throw new InputException(fromIndex, "index folder not found");
            if (!Files.isRegularFile(queryFile)) throw new InputException(queryFile, "query file not found");
            List<String> args = new ArrayList<>(List.of("--from-index", fromIndex.toAbsolutePath().toString(),
                    "--query-file", queryFile.toAbsolutePath().toString(), "--hours", Double.toString(hours),
                    "--seed", Long.toString(seed), "--queries-count", Integer.toString(queryCount), "--warmup", Integer.toString(warmup),
                    "--exhaustive-queries", Integer.toString(exhaustiveQueries != null ? exhaustiveQueries : 5)));
            if (audioRoot != null) args.addAll(List.of("--audio-root", audioRoot.toAbsolutePath().toString()));
            return runCluster(classpath, dir, args, common);
        }
        Path benchDir = bench;
        if (benchDir == null) {
            benchDir = dir.resolve(small ? "asap-small" : "asap-medium");
            BenchmarkOptions o = BenchmarkOptions.defaults(SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset"), benchDir);
            // the presets of scripts/benchmark.sh
            o = small ? o.small() : o.withPieces(40).withPerformances(3).withMaxSeconds(60);
            new BenchmarkBuilder(o.withThreads(2), System.err).build();
        }
        Path queries = benchDir.resolve("queries.tsv");
        if (!Files.isRegularFile(queries)) throw new InputException(queries, "no query file (build the benchmark with ctcr bench-build)");
        List<String> args = new ArrayList<>(List.of("--audio", benchDir.resolve("audio").toString(), "--queries", queries.toString(),
                "--features", features));
        if (exhaustiveQueries != null) args.addAll(List.of("--exhaustive-queries", Integer.toString(exhaustiveQueries)));
        return runCluster(classpath, dir, args, common);
    }

    /** The cluster JVM's Log4j configuration, a resource of the solr module. */
    static final String CLUSTER_LOGGING = "org/ctcretrieval/solr/bench/log4j2-cluster.xml";

    /** Runs the measurement in a JVM of its own on the cluster class path. */
    private int runCluster(Path classpath, Path dir, List<String> args, List<String> common) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dsolr.log.dir=" + dir.resolve("logs"),
                // errors on standard error, which otherwise Log4j prints on standard output, in the way of --json
                "-Dlog4j2.configurationFile=" + CLUSTER_LOGGING,
                "-cp", classpathOf(classpath, dir.resolve("classpath")),
                "org.ctcretrieval.solr.bench.ClusterBenchmark"));
        cmd.addAll(args);
        cmd.addAll(common);
        if (json) cmd.add("--json");
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor() == 0 ? 0 : 1;
    }

    /** {@code solr/target/cluster-classpath.txt} of the source tree this jar was built in. */
    private static Path clusterClasspath() throws IOException {
        Path jar;
        try {
            jar = Path.of(BenchClusterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        // cli/target/ctcr.jar (or cli/target/classes) -> the repository root
        Path root = jar.toAbsolutePath().getParent().getParent().getParent();
        Path cp = root.resolve("solr/target/cluster-classpath.txt");
        if (!Files.isRegularFile(cp)) {
            throw new InputException(cp, "bench-cluster runs from a source build: build with ./ctcr (mvn package) in the repository first");
        }
        return cp;
    }

    /**
     * The cluster JVM's class path: the solr module's classes and its dependencies. The parts built in this source
     * tree are copied into {@code copyDir} first, so that a rebuild while the benchmark runs cannot change the
     * classes under it.
     */
    private static String classpathOf(Path file, Path copyDir) throws IOException {
        Path root = file.toAbsolutePath().getParent().getParent().getParent();
        List<String> entries = new ArrayList<>();
        entries.add(file.toAbsolutePath().getParent().resolve("classes").toString());
        for (String e : Files.readString(file).trim().split(java.io.File.pathSeparator)) if (!e.isEmpty()) entries.add(e);
        Files.createDirectories(copyDir);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Path p = Path.of(entries.get(i));
            if (!p.toAbsolutePath().startsWith(root)) {
                out.add(entries.get(i));
                continue;
            }
            Path copy = copyDir.resolve(i + "-" + p.getFileName());
            if (Files.isDirectory(p)) {
                try (var files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path target = copy.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(target);
                        else Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            out.add(copy.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }
}
