package org.ctcretrieval.query.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Formats evaluation runs as a markdown table: one row per feature, and for each of the modes {@code indexed}
 * and {@code exhaustive} the columns mAP, MRR, P@1 and median latency, the candidate recall of the indexed run
 * (exhaustive search has no candidate stage; indexed AP cannot exceed it, since relevant recordings outside the
 * candidates count as 0), then the index build time and index size.
 *
 * <p>Each run must carry its {@link IndexInfo} (the feature names the row). At most one run per feature and
 * mode; a missing mode is shown as {@code –}. Rows keep the order in which features first appear.
 */
public final class BenchmarkTable {
    private static final String NONE = "–";

    private BenchmarkTable() {}

    /**
     * The markdown table of {@code runs}.
     *
     * @throws IllegalArgumentException if a run has no index facts or two runs share feature and mode
     */
    public static String markdown(List<EvaluationReport> runs) {
        Map<String, EvaluationReport[]> byFeature = byFeature(runs);
        StringBuilder out = new StringBuilder();
        out.append("| Feature | mAP indexed | mAP exhaustive | MRR indexed | MRR exhaustive | P@1 indexed"
                + " | P@1 exhaustive | candidate recall | latency p50 indexed | latency p50 exhaustive | index time"
                + " | index size |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var e : byFeature.entrySet()) {
            EvaluationReport idx = e.getValue()[0];
            EvaluationReport exh = e.getValue()[1];
            IndexInfo info = (idx != null ? idx : exh).index().get();
            List<String> cells = new ArrayList<>();
            cells.add(e.getKey());
            cells.add(metric(idx, s -> s.meanAveragePrecision()));
            cells.add(metric(exh, s -> s.meanAveragePrecision()));
            cells.add(metric(idx, s -> s.meanReciprocalRank()));
            cells.add(metric(exh, s -> s.meanReciprocalRank()));
            cells.add(metric(idx, s -> s.precisionAt1()));
            cells.add(metric(exh, s -> s.precisionAt1()));
            cells.add(metric(idx, s -> s.candidateRecall()));
            cells.add(latency(idx));
            cells.add(latency(exh));
            cells.add(info.buildSeconds().isPresent() ? formatSeconds(info.buildSeconds().getAsDouble()) : NONE);
            cells.add(formatBytes(info.sizeBytes()));
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Runs by feature (in order of first appearance): {indexed, exhaustive}, either null if missing.
     *
     * @throws IllegalArgumentException if a run has no index facts or two runs share feature and mode
     */
    static Map<String, EvaluationReport[]> byFeature(List<EvaluationReport> runs) {
        Map<String, EvaluationReport[]> byFeature = new LinkedHashMap<>();
        for (EvaluationReport r : runs) {
            IndexInfo info = r.index().orElseThrow(() -> new IllegalArgumentException(
                    "an evaluation run has no index facts (feature, size); cannot place it in the table"));
            EvaluationReport[] modes = byFeature.computeIfAbsent(info.featureId(), f -> new EvaluationReport[2]);
            int m = r.settings().exhaustive() ? 1 : 0;
            if (modes[m] != null) {
                throw new IllegalArgumentException("two " + r.settings().mode() + " runs for feature " + info.featureId());
            }
            modes[m] = r;
        }
        return byFeature;
    }

    /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 MiB}, {@code 1.2 GiB}. */
    public static String formatBytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Seconds below one minute as {@code 0.123 s} / {@code 12.3 s}, longer as {@code 2 min 5 s}. */
    public static String formatSeconds(double s) {
        if (s < 1) return String.format(Locale.ROOT, "%.3f s", s);
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        long total = Math.round(s);
        return (total / 60) + " min " + (total % 60) + " s";
    }

    private static String metric(EvaluationReport r, java.util.function.ToDoubleFunction<EvaluationSummary> f) {
        if (r == null) return NONE;
        double v = f.applyAsDouble(r.summary());
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String latency(EvaluationReport r) {
        return Optional.ofNullable(r).map(x -> formatSeconds(x.summary().latencyP50Seconds())).orElse(NONE);
    }
}
