package org.ctcretrieval.query.cli;

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
import org.ctcretrieval.query.bench.SearchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr bench-search}: scaled benchmark of indexed versus exhaustive search. */
@Command(name = "bench-search", header = "Benchmark indexed vs exhaustive search on a scaled synthetic collection.", mixinStandardHelpOptions = true,
        description = {
            "Build a synthetic collection of chroma feature sequences (works performed at different tempi and timbres, spliced into recordings; no audio), index it, and measure: build rate, index size per audio hour, latency (p50/p95) of indexed and exhaustive search, speed-up, and the candidate stage's recall of the exhaustive top-K.",
            "",
            "The default run takes a few minutes on 2 cores; scale with --hours."
        })
public final class BenchSearchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "100", description = "Audio hours in the collection (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "100", description = "Queries for the indexed search (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--exhaustive-queries", paramLabel = "N", defaultValue = "10",
            description = "How many of the queries also run exhaustively (default: ${DEFAULT-VALUE}).")
    int exhaustiveQueries;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Ranking length (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "100", description = "Candidates of the indexed search (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: number of cores).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--index", paramLabel = "DIR",
            description = "Build the index here and keep it (must not exist); default: a temporary folder, deleted afterwards.")
    Path index;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (index != null && Files.exists(index)) throw new IllegalArgumentException(index + ": already exists");
        Path dir = index != null ? index : Files.createTempDirectory("ctcr-bench");
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        SearchBenchmark.Report r;
        try {
            r = new SearchBenchmark(new SearchBenchmark.Settings(hours, queries, exhaustiveQueries, top, candidates, n, seed),
                    System.err).run(dir);
        } finally {
            if (index == null) deleteTree(dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            out.printf(Locale.ROOT, "machine         %d cores, load average %.1f at the end%n", Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.printf(Locale.ROOT, "collection      %.1f audio hours, %d recordings, %d works%n", r.hours(), r.recordings(), r.works());
            out.printf(Locale.ROOT, "build           %.1f s, %.1f audio hours/s (feature sequences in, no audio decoding)%n", r.buildSeconds(), r.hoursPerSecond());
            out.printf(Locale.ROOT, "index size      %.1f MB, %.2f MB per audio hour%n", r.indexBytes() / 1e6, r.megabytesPerHour());
            out.printf(Locale.ROOT, "indexed search  %d queries: p50 %.1f ms, p95 %.1f ms, mean %.1f ms (top %d of %d candidates)%n",
                    r.queries(), r.indexedP50Ms(), r.indexedP95Ms(), r.indexedMeanMs(), top, candidates);
            out.printf(Locale.ROOT, "  cpu time      p50 %.1f ms, p95 %.1f ms per indexed query (all threads of the process)%n", r.indexedCpuP50Ms(), r.indexedCpuP95Ms());
            out.printf(Locale.ROOT, "exhaustive      %d queries: p50 %.1f ms, p95 %.1f ms%n", r.exhaustiveQueries(), r.exhaustiveP50Ms(), r.exhaustiveP95Ms());
            out.printf(Locale.ROOT, "speed-up        %.0fx (p50 exhaustive / p50 indexed)%n", r.speedupP50());
            out.printf(Locale.ROOT, "candidate recall of exhaustive top-%d: %.3f; top-1 agreement %.3f%n", top, r.candidateRecallAtK(), r.top1Agreement());
            out.printf(Locale.ROOT, "candidate recall of all relevant recordings (every query): %.3f%n", r.candidateRecallOfRelevant());
            out.printf(Locale.ROOT, "precision@%d of relevant recordings: indexed %.3f, exhaustive %.3f; indexed top-1 relevant %.3f%n",
                    top, r.indexedPrecisionAtK(), r.exhaustivePrecisionAtK(), r.indexedTop1Relevant());
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
