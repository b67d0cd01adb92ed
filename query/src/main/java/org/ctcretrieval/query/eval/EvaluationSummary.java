package org.ctcretrieval.query.eval;

import java.util.List;

/**
 * Means over all queries of a run.
 *
 * @param queries              number of queries
 * @param meanAveragePrecision mAP: mean of the per-query average precisions
 * @param meanReciprocalRank   MRR: mean of the per-query reciprocal ranks
 * @param precisionAt1         mean P@1
 * @param precisionAt10        mean P@10
 * @param candidateRecall      mean per-query candidate recall over the queries that had a candidate stage; NaN
 *                             if none had one
 * @param latencyP50Seconds    median latency (nearest-rank), seconds
 * @param latencyP95Seconds    95th-percentile latency (nearest-rank), seconds
 * @param topSpanIou           mean IoU of the top hit's span with the true span, over the queries whose top hit
 *                             is relevant and has a known true span; NaN if there are none
 * @param localizedAt1         fraction of the queries whose top hit is relevant and matched with IoU &gt;= 0.5;
 *                             NaN when no true spans were given
 */
public record EvaluationSummary(int queries, double meanAveragePrecision, double meanReciprocalRank,
        double precisionAt1, double precisionAt10, double candidateRecall, double latencyP50Seconds,
        double latencyP95Seconds, double topSpanIou, double localizedAt1) {
    /** Smallest IoU with the true span for a top hit to count as localized. */
    public static final double LOCALIZED_IOU = 0.5;

    /** Aggregates per-query results (at least one). */
    public static EvaluationSummary of(List<QueryEvaluation> evaluations) {
        return of(evaluations, false);
    }

    /**
     * Aggregates per-query results (at least one).
     *
     * @param withTruthSpans whether true spans were given (otherwise the localization figures are NaN)
     */
    public static EvaluationSummary of(List<QueryEvaluation> evaluations, boolean withTruthSpans) {
        if (evaluations.isEmpty()) throw new IllegalArgumentException("no query results to summarise");
        double[] latencies = evaluations.stream().mapToDouble(QueryEvaluation::latencySeconds).toArray();
        return new EvaluationSummary(evaluations.size(),
                RetrievalMetrics.mean(evaluations.stream().map(QueryEvaluation::averagePrecision).toList()),
                RetrievalMetrics.mean(evaluations.stream().map(QueryEvaluation::reciprocalRank).toList()),
                RetrievalMetrics.mean(evaluations.stream().map(QueryEvaluation::precisionAt1).toList()),
                RetrievalMetrics.mean(evaluations.stream().map(QueryEvaluation::precisionAt10).toList()),
                RetrievalMetrics.mean(evaluations.stream().map(QueryEvaluation::candidateRecall).toList()),
                Percentiles.nearestRank(50, latencies),
                Percentiles.nearestRank(95, latencies),
                RetrievalMetrics.mean(evaluations.stream().map(QueryEvaluation::topSpanIou).toList()),
                withTruthSpans ? evaluations.stream().filter(QueryEvaluation::localizedAt1).count()
                        / (double) evaluations.size() : Double.NaN);
    }
}
