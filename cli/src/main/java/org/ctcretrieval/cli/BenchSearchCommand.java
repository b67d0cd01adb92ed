package org.ctcretrieval.cli;

import org.ctcretrieval.common.UsageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ctcretrieval.bench.BenchCollection;
import org.ctcretrieval.bench.SearchBenchmark;
import org.ctcretrieval.bench.SyntheticCollection;
import org.ctcretrieval.bench.TransformedCollection;
import org.ctcretrieval.query.search.SearchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr bench-search}: scaled benchmark of indexed versus exhaustive search. */
@Command(name = "bench-search", header = "Benchmark indexed vs exhaustive search on a scaled collection of feature sequences.", mixinStandardHelpOptions = true,
        description = {
            "Build a scaled collection of chroma feature sequences (no audio), index it, and measure: build rate, index size per audio hour, latency (p50/p95) of indexed and exhaustive search, speed-up, and the candidate stage's recall of the relevant recordings the exhaustive search ranks in its top K.",
            "",
            "With --from-index the collection is made by transforming real extracted features: the chroma stored in an index (e.g. one built by scripts/benchmark.sh from rendered ASAP performances) and the score queries of its query file. Works are the pieces under random permutations of the 12 pitch classes (applied to recordings and queries alike); recordings splice 1-3 performances re-timed by x0.8-x1.25 with per-class gain and noise. Without it, synthetic chroma (random works with random tempo, overtones and noise) is used.",
            "",
            "Example: ctcr bench-search --from-index bench-work/medium-p40x3-s60-seed1/index-v2_ctc_train345valid1 --query-file bench-work/medium-p40x3-s60-seed1/collection/queries.tsv --hours 1000",
            "",
            "100 hours take a few minutes on 2 cores; scale with --hours."
        })
public final class BenchSearchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "100", description = "Audio hours in the collection (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "100", description = "Queries for the indexed search (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "300",
            description = "Further queries run untimed before the timed ones, so that latency is that of a warmed-up JVM as in a search server (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--exhaustive-queries", paramLabel = "N", defaultValue = "10",
            description = "How many of the queries also run exhaustively (default: ${DEFAULT-VALUE}).")
    int exhaustiveQueries;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Ranking length (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "" + SearchOptions.DEFAULT_CANDIDATES, description = "Candidates of the indexed search (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--neighbour-candidates", paramLabel = "N", defaultValue = "0",
            description = "Candidates of each semitone neighbour's term search (default: a third of --candidates).")
    int neighbourCandidates;

    @Option(names = "--candidate-cuts", paramLabel = "N,N,...", split = ",",
            description = "Also measure the recall of the exhaustive queries at these candidate counts (untimed), e.g. 100,300,1000,3000: where along the term ranking the relevant recordings are lost.")
    int[] cuts = new int[0];

    @Option(names = "--reference-candidates", paramLabel = "N", defaultValue = "0",
            description = "Measure recall against a stand-in for the exhaustive top K: the top K of an indexed search with N candidates together with every relevant recording matched as a whole (for collections where exhaustive search over many queries takes hours). Default 0: exhaustive search.")
    int referenceCandidates;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: number of cores).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--index", paramLabel = "DIR",
            description = "Build the index here and keep it (must not exist); default: a temporary folder, deleted afterwards.")
    Path index;

    @Option(names = "--from-index", paramLabel = "DIR",
            description = "Make the collection by transforming the chroma stored in this index (needs --query-file).")
    Path sourceIndex;

    @Option(names = "--query-file", paramLabel = "QUERIES.tsv",
            description = "Score queries on the --from-index collection (the evaluate format); relevant recording IDs are relative to --audio-root.")
    Path queryFile;

    @Option(names = "--audio-root", paramLabel = "DIR",
            description = "Folder the --from-index index was built from (default: the folder 'audio' next to the query file).")
    Path audioRoot;

    @Option(names = "--reuse-index",
            description = "With --index: if DIR holds the index of an earlier run with the same settings, search it without rebuilding; exhaustive rankings that run kept for the same queries are reused (recall without the slow exhaustive search).")
    boolean reuse;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (queries < 1 || warmup < 0 || exhaustiveQueries < 0) {
            throw new UsageException("--queries must be at least 1, --warmup and --exhaustive-queries at least 0");
        }
        for (int c : cuts) if (c < 1) throw new UsageException("--candidate-cuts must be positive: " + c);
        if (referenceCandidates < 0) throw new UsageException("--reference-candidates must be at least 0");
        if (neighbourCandidates < 0) throw new UsageException("--neighbour-candidates must be at least 0");
        if (reuse && index == null) throw new UsageException("--reuse-index needs --index DIR");
        if (!reuse && index != null && Files.exists(index)) throw new UsageException(index + ": already exists");
        if ((sourceIndex == null) != (queryFile == null)) throw new UsageException("--from-index and --query-file go together");
        BenchCollection collection = sourceIndex == null ? new SyntheticCollection(hours, queries + warmup, seed)
                : new TransformedCollection(sourceIndex, queryFile,
                        audioRoot != null ? audioRoot : queryFile.toAbsolutePath().getParent().resolve("audio"), hours, queries + warmup, seed);
        Path dir = index != null ? index : Files.createTempDirectory("ctcr-bench");
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        SearchBenchmark.Report r;
        try {
            r = new SearchBenchmark(new SearchBenchmark.Settings(hours, queries, warmup, exhaustiveQueries, top, candidates, neighbourCandidates, cuts, referenceCandidates, n, seed),
                    System.err).run(collection, dir, reuse);
        } finally {
            if (index == null) deleteTree(dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            out.printf(Locale.ROOT, "machine         %d cores, load average %.1f at the end%n", Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.printf(Locale.ROOT, "collection      %.1f audio hours, %d recordings, %d works (%s)%n", r.hours(), r.recordings(), r.works(), r.source());
            if (Double.isNaN(r.buildSeconds())) {
                out.printf(Locale.ROOT, "build           reused the index of an earlier run%n");
            } else {
                out.printf(Locale.ROOT, "build           %.1f s, %.1f audio hours/s (feature sequences in, no audio decoding)%n", r.buildSeconds(), r.hoursPerSecond());
            }
            out.printf(Locale.ROOT, "index size      %.1f MB, %.2f MB per audio hour%n", r.indexBytes() / 1e6, r.megabytesPerHour());
            out.printf(Locale.ROOT, "indexed search  %d queries after %d warm-up queries: p50 %.1f ms, p95 %.1f ms, mean %.1f ms (top %d of %d candidates)%n",
                    r.queries(), r.warmupQueries(), r.indexedP50Ms(), r.indexedP95Ms(), r.indexedMeanMs(), top, candidates);
            out.printf(Locale.ROOT, "  queries       %d with a tempo mark (0.5x-2x), %d without (0.25x-4x); semitone neighbours searched with %d candidates each%n",
                    r.queriesWithTempo(), r.queries() - r.queriesWithTempo(),
                    SearchOptions.defaults().withCandidates(candidates).withNeighbourCandidates(neighbourCandidates).candidatesOfShift(1));
            out.printf(Locale.ROOT, "  cpu time      p50 %.1f ms, p95 %.1f ms per indexed query (all threads of the process)%n", r.indexedCpuP50Ms(), r.indexedCpuP95Ms());
            if (r.exhaustiveQueries() > 0) {
                String ref = referenceCandidates > 0 ? "reference" : "exhaustive";
                if (referenceCandidates > 0) {
                    out.printf(Locale.ROOT, "reference       %d queries: the top %d of an indexed search with %d candidates and of every relevant recording matched as a whole stand in for the exhaustive top %d%n",
                            r.exhaustiveQueries(), top, referenceCandidates, top);
                } else if (r.exhaustiveCached() == r.exhaustiveQueries()) {
                    out.printf(Locale.ROOT, "exhaustive      %d queries, rankings of an earlier run on this index (not timed)%n", r.exhaustiveQueries());
                } else {
                    out.printf(Locale.ROOT, "exhaustive      %d queries: p50 %.1f ms, p95 %.1f ms%s%n", r.exhaustiveQueries(), r.exhaustiveP50Ms(), r.exhaustiveP95Ms(),
                            r.exhaustiveCached() == 0 ? "" : String.format(Locale.ROOT, " (timed %d; %d rankings of an earlier run)",
                                    r.exhaustiveQueries() - r.exhaustiveCached(), r.exhaustiveCached()));
                    out.printf(Locale.ROOT, r.speedupP50() < 10 ? "speed-up        %.2fx (p50 exhaustive / p50 indexed)%n"
                            : "speed-up        %.0fx (p50 exhaustive / p50 indexed)%n", r.speedupP50());
                }
                out.printf(Locale.ROOT, "candidate recall of the relevant recordings in the %s top-%d: %.3f%n", ref, top, r.candidateRecallOfRelevantAtK());
                out.printf(Locale.ROOT, "candidate recall of the whole %s top-%d: %.3f; top-1 agreement %.3f%n", ref, top, r.candidateRecallAtK(), r.top1Agreement());
                out.printf(Locale.ROOT, "indexed top-%d keeps %.3f of the relevant recordings in the %s top-%d (%d recordings: %d not among the candidates, %d lost by the coarse pass or DTW windows)%n",
                        top, r.indexedRecallOfRelevantAtK(), ref, top, r.relevantInExhaustiveTopK(), r.lostByCandidates(), r.lostByRanking());
                if (r.cuts().length > 0) {
                    StringBuilder recall = new StringBuilder();
                    for (int c = 0; c < r.cuts().length; c++) {
                        recall.append(String.format(Locale.ROOT, "%s%d: %.3f", c == 0 ? "" : ", ", r.cuts()[c], r.candidateRecallAtCut()[c]));
                    }
                    out.printf(Locale.ROOT, "candidate recall of the relevant recordings in the %s top-%d by candidate count: %s%n", ref, top, recall);
                    for (int f = 0; f < r.fields().size(); f++) {
                        StringBuilder field = new StringBuilder();
                        for (int c = 0; c < r.cuts().length; c++) {
                            field.append(String.format(Locale.ROOT, "%s%d: %.3f", c == 0 ? "" : ", ", r.cuts()[c], r.fieldRecallAtCut()[f][c]));
                        }
                        out.printf(Locale.ROOT, "  field %s alone (written key): %s%n", r.fields().get(f), field);
                    }
                }
            } else {
                out.printf(Locale.ROOT, "exhaustive      not run (--exhaustive-queries 0): no speed-up or recall of the exhaustive top-%d%n", top);
            }
            out.printf(Locale.ROOT, "candidate recall of all relevant recordings (every query): %.3f%n", r.candidateRecallOfRelevant());
            if (r.exhaustiveQueries() > 0) {
                out.printf(Locale.ROOT, "precision@%d of relevant recordings: indexed %.3f, " + (referenceCandidates > 0 ? "reference" : "exhaustive") + " %.3f; indexed top-1 relevant %.3f%n",
                        top, r.indexedPrecisionAtK(), r.exhaustivePrecisionAtK(), r.indexedTop1Relevant());
            } else {
                out.printf(Locale.ROOT, "precision@%d of relevant recordings: indexed %.3f; indexed top-1 relevant %.3f%n",
                        top, r.indexedPrecisionAtK(), r.indexedTop1Relevant());
            }
        }
        out.flush();
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
