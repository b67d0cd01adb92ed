package org.ctcretrieval.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * A bounded load on the server: {@code requests} requests sent by {@code clients} concurrent clients (each sends
 * its next request when the previous one is answered), every response checked. Used by the load test and by
 * {@code ctcr bench-serve}; it only ever talks to the address it is given (loopback in both). Each client sends and
 * waits on its own thread (Apache HttpClient's classic I/O): a request's latency holds no hand-offs between a
 * client's threads, which with the JDK's asynchronous HttpClient added 2-3 ms per request on a busy machine.
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

    /** One request of a load: a POST of {@code body}, of type {@code contentType}, to {@code uri}. */
    public record Post(URI uri, String contentType, byte[] body) {}

    /** A response as a check sees it: status, headers (names in any case) and body. */
    public record Response(int statusCode, Map<String, String> headers, String body) {
        public Response {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            headers = h;
        }

        /** The header's (first) value, or null. */
        public String header(String name) {
            return headers.get(name);
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
     * @param request the i-th request (bodies may be shared)
     * @param check   true for a correct response
     */
    public static Result run(int clients, int requests, IntFunction<Post> request, Predicate<Response> check) throws Exception {
        try (Client http = new Client()) {
            return run(http, clients, requests, request, check);
        }
    }

    /**
     * An HTTP client for several runs: its connections stay open between them, as a real client's would, so a
     * run's first requests do not pay for connecting (which would land in the tail of short runs).
     */
    public static final class Client implements AutoCloseable {
        /** The connection's buffer: a request of up to this size goes out in one write. */
        private static final int BUFFER = 256 * 1024;
        private final CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(256).setMaxConnPerRoute(256)
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setBufferSize(BUFFER).build()).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(120)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(120)).build())
                // as the JDK's client: no Accept-Encoding, the server answers uncompressed
                .disableContentCompression()
                .disableAutomaticRetries()
                .build();

        /** Sends {@code post} and reads the whole response. */
        Response send(Post post) throws IOException {
            HttpPost req = new HttpPost(post.uri());
            req.setEntity(new ByteArrayEntity(post.body(), ContentType.parse(post.contentType())));
            return http.execute(req, r -> {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header h : r.getHeaders()) headers.putIfAbsent(h.getName(), h.getValue());
                String body = r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
                return new Response(r.getCode(), headers, body);
            });
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }

    /** Runs the load on {@code client}'s connections (see {@link #run(int, int, IntFunction, Predicate)}). */
    public static Result run(Client client, int clients, int requests, IntFunction<Post> request,
                             Predicate<Response> check) throws Exception {
        return run(client, clients, requests, request, check, (r, ms) -> {});
    }

    /** Sees every response that came, with its latency in milliseconds (called from the clients' threads). */
    public interface Observer {
        void seen(Response response, double milliseconds);
    }

    /** As {@link #run(Client, int, int, IntFunction, Predicate)}, showing every response to {@code observer}. */
    public static Result run(Client client, int clients, int requests, IntFunction<Post> request,
                             Predicate<Response> check, Observer observer) throws Exception {
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
                        Response r = null;
                        try {
                            r = client.send(request.apply(i));
                        } catch (Exception e) {
                            failure = e.toString();
                        }
                        latencies[i] = (System.nanoTime() - s) / 1e6;
                        if (r != null) {
                            try {
                                if (!check.test(r)) failure = "HTTP " + r.statusCode() + ": " + abbreviate(r.body());
                                observer.seen(r, latencies[i]);
                            } catch (RuntimeException e) {
                                failure = "HTTP " + r.statusCode() + ": " + e;
                            }
                        }
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
