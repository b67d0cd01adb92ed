package org.ctcretrieval.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of one request went, sent as a {@code Server-Timing} response header (W3C Server Timing,
 * milliseconds: {@code dispatch;dur=0.40, read;dur=0.85, wait;dur=0.20, search;dur=77.10, json;dur=0.30,
 * total;dur=78.85}), which browsers' developer tools show beside the request and {@code ctcr bench-serve} reads to
 * explain the HTTP overhead.
 *
 * <p>Phases are laps: each one ends where the next begins, from the start (the moment Jetty read the request's
 * headers); {@code total} is their sum, until the last lap (everything but writing the response out). Laps may be
 * taken on different threads one after the other; a phase lapped twice adds up. {@link #parse} reads what this class writes and any header without commas inside quoted descriptions.
 */
final class ServerTiming {
    static final String HEADER = "Server-Timing";
    /** One metric of the header: a name (an HTTP token) and its duration. */
    private static final Pattern METRIC = Pattern.compile("\\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\\s*(?:;([^,]*))?");
    private static final Pattern DUR = Pattern.compile("(?:^|;)\\s*dur\\s*=\\s*\"?([0-9]+(?:\\.[0-9]+)?)\"?");

    private final long start;
    private long last;
    private final Map<String, Double> phases = new LinkedHashMap<>();

    /** Timing that starts now. */
    ServerTiming() {
        this(System.nanoTime());
    }

    /** Timing that started at {@code startNanos} ({@link System#nanoTime()}). */
    ServerTiming(long startNanos) {
        this.start = startNanos;
        this.last = startNanos;
    }

    /** Ends the phase {@code name}: the time since the previous lap (or the start). */
    synchronized void lap(String name) {
        long now = System.nanoTime();
        phases.merge(name, (now - last) / 1e6, Double::sum);
        last = now;
    }

    /** The header's value, with {@code total} the time from the start until the last lap. */
    synchronized String header() {
        StringJoiner out = new StringJoiner(", ");
        for (Map.Entry<String, Double> p : phases.entrySet()) out.add(metric(p.getKey(), p.getValue()));
        out.add(metric("total", (last - start) / 1e6));
        return out.toString();
    }

    private static String metric(String name, double ms) {
        return String.format(Locale.ROOT, "%s;dur=%.2f", name, ms);
    }

    /**
     * The durations of a {@code Server-Timing} header, by metric name, in header order (a metric without a duration
     * is left out; a repeated name keeps its first duration, as the specification says).
     *
     * @throws IllegalArgumentException if the value is not a list of metrics
     */
    static Map<String, Double> parse(String header) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) return out;
        for (String part : header.split(",")) {
            Matcher m = METRIC.matcher(part);
            if (!m.matches()) throw new IllegalArgumentException("not a Server-Timing metric: '" + part.trim() + "'");
            Matcher dur = DUR.matcher(m.group(2) == null ? "" : m.group(2));
            if (dur.find()) out.putIfAbsent(m.group(1), Double.parseDouble(dur.group(1)));
        }
        return out;
    }
}
