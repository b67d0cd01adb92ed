package org.ctcretrieval.query.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics of one query.
 *
 * @param queryId          the query
 * @param ranks            1-based rank of every relevant recording (0 = not in the ranking), in query-file order
 * @param averagePrecision AP over the returned ranking (see {@link RetrievalMetrics#averagePrecision})
 * @param reciprocalRank   1 / rank of the first relevant recording, 0 if none was returned
 * @param precisionAt1     P@1
 * @param precisionAt10    P@10
 * @param candidateRecall  fraction of relevant recordings among the candidates; NaN without a candidate stage
 * @param latencySeconds   time the system took for the query, seconds
 * @param top              the best-ranked hit, if any
 * @param topSpanIou       intersection over union of the top hit's matched span with the true span of the
 *                         snippet in that recording (the best over its true spans when it plays the snippet
 *                         several times); NaN if the top hit is not relevant or the truth is unknown
 */
public record QueryEvaluation(String queryId, Map<String, Integer> ranks, double averagePrecision,
        double reciprocalRank, double precisionAt1, double precisionAt10, double candidateRecall,
        double latencySeconds, Optional<RankedHit> top, double topSpanIou) {
    public QueryEvaluation {
        ranks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ranks));
    }

    /** Computes every metric of {@code result} for {@code query}, without ground-truth spans. */
    public static QueryEvaluation of(QuerySpec query, RankedResult result) {
        return of(query, result, Optional.empty());
    }

    /**
     * Computes every metric of {@code result} for {@code query}.
     *
     * @param truth true spans of the snippets, if known
     */
    public static QueryEvaluation of(QuerySpec query, RankedResult result, Optional<TruthSpans> truth) {
        List<String> ranking = result.rankedIds();
        var relevant = new java.util.LinkedHashSet<>(query.relevant());
        double recall = result.candidates().map(c -> RetrievalMetrics.candidateRecall(c, relevant)).orElse(Double.NaN);
        Optional<RankedHit> top = result.hits().stream().findFirst();
        double iou = Double.NaN;
        if (top.isPresent() && relevant.contains(top.get().recordingId()) && truth.isPresent()) {
            RankedHit h = top.get();
            iou = truth.get().bestIntersectionOverUnion(query.id(), h.recordingId(), h.startSeconds(), h.endSeconds());
        }
        return new QueryEvaluation(query.id(),
                RetrievalMetrics.ranksOfRelevant(ranking, query.relevant()),
                RetrievalMetrics.averagePrecision(ranking, relevant),
                RetrievalMetrics.reciprocalRank(ranking, relevant),
                RetrievalMetrics.precisionAt(1, ranking, relevant),
                RetrievalMetrics.precisionAt(10, ranking, relevant),
                recall,
                result.latency().toNanos() / 1e9,
                top,
                iou);
    }

    /** Whether the top hit is relevant and its span overlaps the true one with IoU of at least 0.5. */
    public boolean localizedAt1() {
        return precisionAt1 == 1 && topSpanIou >= EvaluationSummary.LOCALIZED_IOU;
    }
}
