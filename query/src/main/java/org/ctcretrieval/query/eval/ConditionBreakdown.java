package org.ctcretrieval.query.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Metrics broken down by the conditions of the relevant recordings (reverb, codec, tuning, tempo ratio, ...) and
 * of the queries (whole texture or right hand, tempo mark), computed from the ranks in evaluation reports.
 *
 * <p>A condition value restricts each query to its relevant recordings with that value: the other relevant
 * recordings are taken out of the ranking (they count neither as hits nor as misses), and AP is computed over
 * the rest ({@link #restrictedAveragePrecision}). A query without such a recording does not count. The cell is
 * the mean over the queries that count (mAP), and the header gives the number of (query, recording) pairs.
 */
public final class ConditionBreakdown {
    private ConditionBreakdown() {}

    /**
     * AP of a ranking in which only {@code subset} of the relevant recordings is relevant and the other relevant
     * ones are removed.
     *
     * @param ranks  rank (1-based; 0 = not returned) of every relevant recording in the full ranking
     * @param subset the relevant recordings that count
     * @return AP over {@code subset}; NaN if {@code subset} holds none of {@code ranks}' recordings
     */
    public static double restrictedAveragePrecision(Map<String, Integer> ranks, Set<String> subset) {
        List<Integer> kept = new ArrayList<>();
        int n = 0;
        for (var e : ranks.entrySet()) {
            if (!subset.contains(e.getKey())) continue;
            n++;
            int rank = e.getValue();
            if (rank <= 0) continue;
            int removedAbove = 0;
            for (var o : ranks.entrySet()) {
                if (!subset.contains(o.getKey()) && o.getValue() > 0 && o.getValue() < rank) removedAbove++;
            }
            kept.add(rank - removedAbove);
        }
        if (n == 0) return Double.NaN;
        int[] sorted = kept.stream().mapToInt(Integer::intValue).sorted().toArray();
        double sum = 0;
        for (int i = 0; i < sorted.length; i++) sum += (i + 1) / (double) sorted[i];
        return sum / n;
    }

    /** mAP of {@code run} restricted to the pairs whose {@code dimension} is {@code value}; NaN if none. */
    public static double restrictedMeanAveragePrecision(EvaluationReport run, BenchmarkConditions conditions,
            String dimension, String value) {
        double sum = 0;
        int n = 0;
        for (QueryEvaluation q : run.queries()) {
            Set<String> subset = new java.util.HashSet<>();
            for (String rec : q.ranks().keySet()) {
                if (value.equals(conditions.label(q.queryId(), rec, dimension))) subset.add(rec);
            }
            if (subset.isEmpty()) continue;
            sum += restrictedAveragePrecision(q.ranks(), subset);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * One markdown table per dimension: a row per feature, a column per value, cells
     * {@code mAP indexed / mAP exhaustive}.
     */
    public static String markdown(List<EvaluationReport> runs, BenchmarkConditions conditions) {
        Map<String, EvaluationReport[]> byFeature = BenchmarkTable.byFeature(runs);
        StringBuilder out = new StringBuilder();
        for (String dim : conditions.dimensions()) {
            List<String> values = conditions.values(dim);
            EvaluationReport any = runs.get(0);
            out.append("**").append(dim.substring(0, 1).toUpperCase(Locale.ROOT)).append(dim.substring(1))
                    .append("** (mAP indexed / exhaustive; pairs of query and relevant recording)\n\n");
            out.append("| Feature |");
            for (String v : values) out.append(' ').append(v).append(" (").append(pairs(any, conditions, dim, v)).append(") |");
            out.append('\n').append("|---|").append("---:|".repeat(values.size())).append('\n');
            for (var e : byFeature.entrySet()) {
                out.append("| ").append(e.getKey()).append(" |");
                for (String v : values) {
                    out.append(' ').append(cell(e.getValue()[0], conditions, dim, v)).append(" / ")
                            .append(cell(e.getValue()[1], conditions, dim, v)).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int pairs(EvaluationReport run, BenchmarkConditions conditions, String dim, String value) {
        int n = 0;
        for (QueryEvaluation q : run.queries()) {
            for (String rec : q.ranks().keySet()) if (value.equals(conditions.label(q.queryId(), rec, dim))) n++;
        }
        return n;
    }

    private static String cell(EvaluationReport run, BenchmarkConditions conditions, String dim, String value) {
        if (run == null) return "–";
        double v = restrictedMeanAveragePrecision(run, conditions, dim, value);
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
