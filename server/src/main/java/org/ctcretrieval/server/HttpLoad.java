package org.ctcretrieval.server;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A bounded load on the server: {@code requests} requests sent by {@code clients} concurrent clients (each sends
 * its next request when the previous one is answered), every response checked. Used by the load test and by
 * {@code ctcr bench-serve}; it only ever talks to the address it is given (loopback in both).
 */
public final class HttpLoad {
    /**
     * What a load run measured.
     *
     * @param clients     concurrent clients
     * @param requests    requests sent
     * @param failures    responses that failed the check (wrong status or body) or never came
     * @param seconds     wall time of the run
     * @param latencies   milliseconds of every request, sorted
     * @param firstFailure description of the first failure, or null
     */
    public record Result(int clients, int requests, int failures, double seconds, double[] latencies, String firstFailure) {
        public double percentile(double p) {
            return percentileOf(latencies, p);
        }

        public double throughput() {
            return requests / seconds;
        }
    }

    private HttpLoad() {}

    /** The p-th percentile (0..100) of sorted values, nearest rank. */
    public static double percentileOf(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Runs the load.
     *
     * @param request the i-th request (bodies may be shared; they are replayable)
     * @param check   true for a correct response
     */
    public static Result run(int clients, int requests, IntFunction<HttpRequest> request,
                             Predicate<HttpResponse<String>> check) throws Exception {
        try (Client http = new Client()) {
            return run(http, clients, requests, request, check);
        }
    }

    /**
     * An HTTP client for several runs: its connections stay open between them, as a real client's would, so a
     * run's first requests do not pay for connecting (which would land in the tail of short runs).
     */
    public static final class Client implements AutoCloseable {
        private final ExecutorService io = Executors.newFixedThreadPool(2, HttpLoad::daemon);
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(io).build();

        @Override
        public void close() {
            io.shutdownNow();
        }
    }

    /** Runs the load on {@code client}'s connections (see {@link #run(int, int, IntFunction, Predicate)}). */
    public static Result run(Client client, int clients, int requests, IntFunction<HttpRequest> request,
                             Predicate<HttpResponse<String>> check) throws Exception {
        HttpClient http = client.http;
        ExecutorService pool = Executors.newFixedThreadPool(clients, HttpLoad::daemon);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        double[] latencies = new double[requests];
        String[] firstFailure = new String[1];
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        String failure = null;
                        try {
                            HttpResponse<String> r = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
                            if (!check.test(r)) failure = "HTTP " + r.statusCode() + ": " + abbreviate(r.body());
                        } catch (Exception e) {
                            failure = e.toString();
                        }
                        latencies[i] = (System.nanoTime() - s) / 1e6;
                        if (failure != null && failures.getAndIncrement() == 0) {
                            synchronized (firstFailure) {
                                firstFailure[0] = failure;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) w.get();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latencies);
        return new Result(clients, requests, failures.get(), seconds, latencies, firstFailure[0]);
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "ctcr-load-client");
        t.setDaemon(true);
        return t;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
