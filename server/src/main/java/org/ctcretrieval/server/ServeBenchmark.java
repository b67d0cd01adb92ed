package org.ctcretrieval.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * Search latency and throughput over HTTP next to the same searches in process, in one run on one index: queries
 * are excerpts of the indexed recordings' own chroma (posted as chroma JSON), run by 1, 4 and 16 concurrent
 * clients against a server on loopback, and by as many threads on a searcher in the same JVM, in alternating
 * blocks.
 */
public final class ServeBenchmark {
    /**
     * Figures of one concurrency level.
     *
     * @param httpPhases the median milliseconds of each phase of the server's {@code Server-Timing} header
     *                   (dispatch, read, wait, search, json, total) over the HTTP requests, and {@value #OUTSIDE}: the median of each
     *                   request's latency at the client minus the server's total (the HTTP client, loopback, Jetty
     *                   and Javalin around the handler, writing the response)
     */
    public record Row(int clients, int requests, double inProcessP50, double inProcessP95, double inProcessPerSecond,
                      double httpP50, double httpP95, double httpPerSecond, int httpErrors, String firstError,
                      Map<String, Double> httpPhases) {}

    /** The name of the time outside the server's handler in {@link Row#httpPhases()}. */
    public static final String OUTSIDE = "outside";

    /**
     * Requests sent first to warm the server's request path, each refused before its search (see {@link #run}).
     */
    public static final int REQUEST_PATH_WARMUP = 2_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path indexDir;
    private final int queries;
    private final int warmup;
    private final double excerptSeconds;
    private final long seed;
    private final int searchThreads;
    private final PrintStream log;

    public ServeBenchmark(Path indexDir, int queries, int warmup, double excerptSeconds, long seed, int searchThreads,
                          PrintStream log) {
        if (queries < 1 || warmup < 0 || !(excerptSeconds > 0) || searchThreads < 1) {
            throw new IllegalArgumentException("need queries >= 1, warmup >= 0, excerpt > 0 s, search threads >= 1");
        }
        this.searchThreads = searchThreads;
        this.indexDir = indexDir;
        this.queries = queries;
        this.warmup = warmup;
        this.excerptSeconds = excerptSeconds;
        this.seed = seed;
        this.log = log;
    }

    public List<Row> run(int[] levels) throws Exception {
        List<FeatureSequence> excerpts = excerpts(queries + warmup);
        List<byte[]> bodies = new ArrayList<>();
        String boundary = "ctcrbench" + seed;
        for (FeatureSequence q : excerpts) bodies.add(multipart(boundary, q, Map.of()));
        SearchOptions options = SearchOptions.defaults().withThreads(searchThreads);
        List<Row> rows = new ArrayList<>();
        try (ThemeSearcher searcher = ThemeSearcher.open(indexDir);
             SearchServer server = SearchServer.start(ServerConfig.defaults(indexDir).withPort(0).withSearchThreads(searchThreads));
             HttpLoad.Client client = new HttpLoad.Client()) {
            URI uri = URI.create(server.url() + "api/search");
            log.printf(java.util.Locale.ROOT, "bench-serve: %d recordings, %d queries of %.0f s, %d warm-up queries (after %d requests"
                            + " refused before searching, to warm the request path), %d thread(s) per search; server at %s%n",
                    server.recordings(), queries, excerptSeconds, warmup, REQUEST_PATH_WARMUP, searchThreads, server.url());
            // The JIT compiles code after some thousands of calls: the search's loops within its first searches,
            // but the code each request runs once (Jetty's, the multipart form's, Javalin's, the client's) only
            // after thousands of requests, as a server that has run for a while has it. Requests that take that
            // path and are refused before searching (top=0: 400) warm it in seconds; 100 searches would not.
            byte[] refused = multipart(boundary, excerpts.get(0), Map.of("top", "0"));
            HttpLoad.Result path = HttpLoad.run(client, 1, REQUEST_PATH_WARMUP, i -> post(uri, boundary, refused),
                    r -> r.statusCode() == 400 && r.body().contains("top must be in"));
            if (path.failures() > 0) throw new IllegalStateException("request-path warm-up: " + path.firstFailure());
            // Then warm both sides with the searches not timed.
            for (int i = queries; i < queries + warmup; i++) searcher.search(excerpts.get(i), options);
            HttpLoad.run(client, 1, warmup, i -> post(uri, boundary, bodies.get(queries + i)), r -> r.statusCode() == 200);
            for (int clients : levels) {
                // Blocks of queries alternate between the two sides (and which goes first), so that a change in
                // the machine's load during the run falls on both alike: short blocks (4 searches at one client),
                // as the load of a shared machine changes within seconds.
                int block = 4 * clients;
                double[] inProcess = new double[queries];
                List<Double> httpMs = new ArrayList<>();
                Map<String, List<Double>> phases = new ConcurrentHashMap<>();
                HttpLoad.Observer timings = (response, ms) -> {
                    Map<String, Double> t = ServerTiming.parse(response.header(ServerTiming.HEADER));
                    t.forEach((phase, d) -> phases.computeIfAbsent(phase, k -> new CopyOnWriteArrayList<>()).add(d));
                    if (t.containsKey("total")) phases.computeIfAbsent(OUTSIDE, k -> new CopyOnWriteArrayList<>()).add(ms - t.get("total"));
                };
                double inSeconds = 0, httpSeconds = 0;
                int errors = 0;
                String firstError = null;
                for (int from = 0, k = 0; from < queries; from += block, k++) {
                    int first = from, n = Math.min(block, queries - from);
                    for (int side = 0; side < 2; side++) {
                        if ((side + k) % 2 == 0) {
                            inSeconds += inProcess(clients, first, n, i -> {
                                long t0 = System.nanoTime();
                                searcher.search(excerpts.get(i), options);
                                inProcess[i] = (System.nanoTime() - t0) / 1e6;
                            });
                        } else {
                            HttpLoad.Result http = HttpLoad.run(client, clients, n, i -> post(uri, boundary, bodies.get(first + i)),
                                    r -> r.statusCode() == 200 && r.body().contains("\"results\":["), timings);
                            for (double ms : http.latencies()) httpMs.add(ms);
                            httpSeconds += http.seconds();
                            errors += http.failures();
                            if (firstError == null) firstError = http.firstFailure();
                        }
                    }
                }
                Arrays.sort(inProcess);
                double[] http = httpMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                Row row = new Row(clients, queries, HttpLoad.percentileOf(inProcess, 50), HttpLoad.percentileOf(inProcess, 95),
                        queries / inSeconds, HttpLoad.percentileOf(http, 50), HttpLoad.percentileOf(http, 95),
                        queries / httpSeconds, errors, firstError, medians(phases));
                log.printf(java.util.Locale.ROOT, "bench-serve: %d clients done (http p50 %.1f ms)%n", clients, row.httpP50());
                rows.add(row);
            }
        }
        return rows;
    }

    /** The median of each phase, in the order of the header (then {@value #OUTSIDE}). */
    private static Map<String, Double> medians(Map<String, List<Double>> phases) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String phase : List.of("dispatch", "read", "wait", "search", "json", "total", OUTSIDE)) {
            List<Double> v = phases.get(phase);
            if (v != null) out.put(phase, HttpLoad.percentileOf(v.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50));
        }
        return out;
    }

    private interface Job {
        void run(int i) throws Exception;
    }

    /** Runs job(first..first+n-1) on {@code clients} threads; returns the wall seconds. */
    private static double inProcess(int clients, int first, int n, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger(first);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < first + n; i = next.getAndIncrement()) job.run(i);
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static HttpLoad.Post post(URI uri, String boundary, byte[] body) {
        return new HttpLoad.Post(uri, "multipart/form-data; boundary=" + boundary, body);
    }

    /** A search form: the chroma of {@code q} and the fields {@code options}. */
    private static byte[] multipart(String boundary, FeatureSequence q, Map<String, String> options) throws IOException {
        String json = JSON.writeValueAsString(Map.of("frameRate", q.frameRate(), "featureId", q.featureId(), "frames", q.frames()));
        StringBuilder form = new StringBuilder();
        options.forEach((name, value) -> form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"chroma\"\r\n\r\n").append(json)
                .append("\r\n--").append(boundary).append("--\r\n");
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Excerpts of random recordings' chroma (at the retrieval rate, with the index's feature ID). */
    private List<FeatureSequence> excerpts(int n) throws IOException {
        List<FeatureSequence> out = new ArrayList<>();
        Random rnd = new Random(seed);
        try (IndexSnapshot snap = IndexSnapshot.open(indexDir)) {
            int d = snap.schema().dimension();
            double rate = snap.schema().retrievalRate();
            int len = Math.max(2, (int) Math.round(excerptSeconds * rate));
            RecordingCatalog catalog = new RecordingCatalog(snap);
            List<Recording> all = catalog.page(0, Integer.MAX_VALUE).stream().filter(r -> r.frames() >= len).toList();
            if (all.isEmpty()) throw new IllegalArgumentException(indexDir + ": no recording is " + excerptSeconds + " s long");
            while (out.size() < n) {
                Recording r = all.get(rnd.nextInt(all.size()));
                byte[] codes = snap.chroma(r.doc());
                int from = rnd.nextInt(r.frames() - len + 1);
                float[] flat = RetrievalFeatures.dequantizeNormalized(codes, from * d, len * d, d);
                float[][] frames = new float[len][d];
                for (int t = 0; t < len; t++) System.arraycopy(flat, t * d, frames[t], 0, d);
                out.add(new FeatureSequence(snap.schema().featureId(), rate, frames));
            }
        }
        return out;
    }
}
