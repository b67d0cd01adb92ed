package org.ctcretrieval.cli;

import org.ctcretrieval.common.OptionBounds;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ctcretrieval.server.ServeBenchmark;
import org.ctcretrieval.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr bench-serve}: search over HTTP next to search in process. */
@Command(name = "bench-serve", header = "Benchmark the search server: HTTP latency and throughput next to in-process search.",
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Start a server on INDEX_DIR on loopback and measure, in one run, the same searches over HTTP and in "
                    + "process at 1, 4 and 16 concurrent clients: p50/p95 latency and throughput. Queries are excerpts "
                    + "of the indexed recordings' own chroma, sent as chroma JSON to POST /api/search.",
            "",
            "For the 1,000-hour figures, keep the index of 'ctcr bench-search --hours 1000 --index DIR ...' and pass "
                    + "DIR here."
        })
public final class BenchServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-x", "--index"}, required = true, paramLabel = "INDEX_DIR", description = "Index folder.")
    Path index;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "200", description = "Timed searches per concurrency level (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "100", description = "Untimed searches first, on each side (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--excerpt", paramLabel = "SECONDS", defaultValue = "10", description = "Query length (default: ${DEFAULT-VALUE}).")
    double excerpt;

    @Option(names = "--search-threads", paramLabel = "N",
            description = "Threads one search may use, on both sides (as 'ctcr serve --search-threads'; default: as serve, 1).")
    Integer searchThreads;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the excerpts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (searchThreads != null) OptionBounds.require("--search-threads", searchThreads, 1, 1024); // as --threads elsewhere
        int threads = searchThreads != null ? searchThreads : ServerConfig.DEFAULT_SEARCH_THREADS;
        List<ServeBenchmark.Row> rows = new ServeBenchmark(index, queries, warmup, excerpt, seed, threads, System.err)
                .run(new int[] {1, 4, 16});
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "machine  %d cores, load average %.2f at the end; %d thread(s) per search%n",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads);
        out.printf(Locale.ROOT, "%-8s %-9s %27s   %27s   %s%n", "clients", "searches", "in process: p50 / p95 ms, /s", "HTTP: p50 / p95 ms, /s", "HTTP errors");
        for (ServeBenchmark.Row r : rows) {
            out.printf(Locale.ROOT, "%-8d %-9d %9.1f / %6.1f  %8.1f   %9.1f / %6.1f  %8.1f   %d%s%n", r.clients(), r.requests(),
                    r.inProcessP50(), r.inProcessP95(), r.inProcessPerSecond(), r.httpP50(), r.httpP95(), r.httpPerSecond(),
                    r.httpErrors(), r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
        }
        out.printf(Locale.ROOT, "HTTP requests by phase (medians of the Server-Timing header, ms; outside: client latency - server total)%n");
        out.printf(Locale.ROOT, "%-8s %8s %7s %7s %8s %7s %8s %8s%n", "clients", "dispatch", "read", "wait", "search", "json", "total", "outside");
        for (ServeBenchmark.Row r : rows) {
            out.printf(Locale.ROOT, "%-8d %8.2f %7.2f %7.2f %8.2f %7.2f %8.2f %8.2f%n", r.clients(), phase(r, "dispatch"), phase(r, "read"), phase(r, "wait"),
                    phase(r, "search"), phase(r, "json"), phase(r, "total"), phase(r, ServeBenchmark.OUTSIDE));
        }
        ServeBenchmark.Row one = rows.get(0), last = rows.get(rows.size() - 1);
        out.printf(Locale.ROOT, "p50 HTTP - in process at 1 client: %+.1f ms; by phase (medians): search %+.1f (%.1f on the server, %.1f in process),"
                        + " dispatch %.1f, read %.1f, wait %.1f, json %.1f, outside the server %.1f%n",
                one.httpP50() - one.inProcessP50(), phase(one, "search") - one.inProcessP50(), phase(one, "search"), one.inProcessP50(),
                phase(one, "dispatch"), phase(one, "read"), phase(one, "wait"), phase(one, "json"), phase(one, ServeBenchmark.OUTSIDE));
        out.printf(Locale.ROOT, "p95 HTTP - in process at 1 client: %+.1f ms (target: within 5 ms)%n", one.httpP95() - one.inProcessP95());
        out.printf(Locale.ROOT, "HTTP throughput at %d clients / at 1 client: %.2fx (target: at least 1.6x)%n", last.clients(),
                last.httpPerSecond() / one.httpPerSecond());
        out.flush();
        int errors = rows.stream().mapToInt(ServeBenchmark.Row::httpErrors).sum();
        return errors == 0 ? 0 : 1;
    }

    /** A phase's median, or NaN if the server sent no Server-Timing. */
    private static double phase(ServeBenchmark.Row r, String name) {
        return r.httpPhases().getOrDefault(name, Double.NaN);
    }
}
