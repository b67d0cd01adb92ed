package org.ctcretrieval.query.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;

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
        int n = countIn(ranks, subset);
        if (n == 0) return Double.NaN;
        int[] sorted = restrictedRanks(ranks, subset);
        double sum = 0;
        for (int i = 0; i < sorted.length; i++) sum += (i + 1) / (double) sorted[i];
        return sum / n;
    }

    /**
     * Share of {@code subset} that the ranking without the other relevant recordings holds in its top {@code k},
     * out of {@code min(k, |subset|)}: 1 when every recording of the subset that fits in the top k is there. Unlike
     * P@k it does not depend on how many recordings of each kind a query has, so it compares conditions.
     *
     * @return the share; NaN if {@code subset} holds none of {@code ranks}' recordings
     */
    public static double restrictedHitRate(Map<String, Integer> ranks, Set<String> subset, int k) {
        int n = countIn(ranks, subset);
        if (n == 0) return Double.NaN;
        int hits = 0;
        for (int rank : restrictedRanks(ranks, subset)) if (rank <= k) hits++;
        return hits / (double) Math.min(k, n);
    }

    private static int countIn(Map<String, Integer> ranks, Set<String> subset) {
        int n = 0;
        for (String r : ranks.keySet()) if (subset.contains(r)) n++;
        return n;
    }

    /** Ascending ranks of the returned recordings of {@code subset} once the other relevant ones are removed. */
    private static int[] restrictedRanks(Map<String, Integer> ranks, Set<String> subset) {
        List<Integer> kept = new ArrayList<>();
        for (var e : ranks.entrySet()) {
            if (!subset.contains(e.getKey())) continue;
            int rank = e.getValue();
            if (rank <= 0) continue;
            int removedAbove = 0;
            for (var o : ranks.entrySet()) {
                if (!subset.contains(o.getKey()) && o.getValue() > 0 && o.getValue() < rank) removedAbove++;
            }
            kept.add(rank - removedAbove);
        }
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** mAP of {@code run} restricted to the pairs whose {@code dimension} is {@code value}; NaN if none. */
    public static double restrictedMeanAveragePrecision(EvaluationReport run, BenchmarkConditions conditions,
            String dimension, String value) {
        return restrictedMean(run, conditions, dimension, value, ConditionBreakdown::restrictedAveragePrecision);
    }

    /** Mean {@link #restrictedHitRate} in the top 10 over the queries with a pair of that value; NaN if none. */
    public static double restrictedMeanTop10(EvaluationReport run, BenchmarkConditions conditions, String dimension,
            String value) {
        return restrictedMean(run, conditions, dimension, value, (ranks, subset) -> restrictedHitRate(ranks, subset, 10));
    }

    private static double restrictedMean(EvaluationReport run, BenchmarkConditions conditions, String dimension,
            String value, ToDoubleBiFunction<Map<String, Integer>, Set<String>> metric) {
        double sum = 0;
        int n = 0;
        for (QueryEvaluation q : run.queries()) {
            Set<String> subset = new java.util.HashSet<>();
            for (String rec : q.ranks().keySet()) {
                if (value.equals(conditions.label(q.queryId(), rec, dimension))) subset.add(rec);
            }
            if (subset.isEmpty()) continue;
            sum += metric.applyAsDouble(q.ranks(), subset);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** A per-query metric restricted to one condition value, averaged over a run. */
    private interface RestrictedMetric {
        double of(EvaluationReport run, BenchmarkConditions conditions, String dimension, String value);
    }

    /**
     * Two markdown tables per dimension, a row per feature and a column per value: the restricted mAP, then the
     * restricted share found in the top 10 ({@link #restrictedHitRate}); cells {@code indexed / exhaustive}.
     */
    public static String markdown(List<EvaluationReport> runs, BenchmarkConditions conditions) {
        StringBuilder out = new StringBuilder();
        for (String dim : conditions.dimensions()) {
            String name = dim.substring(0, 1).toUpperCase(Locale.ROOT) + dim.substring(1);
            table(out, runs, conditions, dim, "**" + name
                    + "** (mAP indexed / exhaustive; pairs of query and relevant recording)",
                    ConditionBreakdown::restrictedMeanAveragePrecision);
            table(out, runs, conditions, dim, name
                    + ", share of the relevant recordings found in the top 10 (indexed / exhaustive)",
                    ConditionBreakdown::restrictedMeanTop10);
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<EvaluationReport> runs, BenchmarkConditions conditions,
            String dim, String caption, RestrictedMetric metric) {
        List<String> values = conditions.values(dim);
        EvaluationReport any = runs.get(0);
        out.append(caption).append("\n\n| Feature |");
        for (String v : values) out.append(' ').append(v).append(" (").append(pairs(any, conditions, dim, v)).append(") |");
        out.append('\n').append("|---|").append("---:|".repeat(values.size())).append('\n');
        for (var e : BenchmarkTable.byFeature(runs).entrySet()) {
            out.append("| ").append(e.getKey()).append(" |");
            for (String v : values) {
                out.append(' ').append(cell(e.getValue()[0], conditions, dim, v, metric)).append(" / ")
                        .append(cell(e.getValue()[1], conditions, dim, v, metric)).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private static int pairs(EvaluationReport run, BenchmarkConditions conditions, String dim, String value) {
        int n = 0;
        for (QueryEvaluation q : run.queries()) {
            for (String rec : q.ranks().keySet()) if (value.equals(conditions.label(q.queryId(), rec, dim))) n++;
        }
        return n;
    }

    private static String cell(EvaluationReport run, BenchmarkConditions conditions, String dim, String value,
            RestrictedMetric metric) {
        if (run == null) return "–";
        double v = metric.of(run, conditions, dim, value);
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
