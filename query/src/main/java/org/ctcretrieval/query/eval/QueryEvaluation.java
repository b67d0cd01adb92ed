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
 */
public record QueryEvaluation(String queryId, Map<String, Integer> ranks, double averagePrecision,
        double reciprocalRank, double precisionAt1, double precisionAt10, double candidateRecall,
        double latencySeconds, Optional<RankedHit> top) {
    public QueryEvaluation {
        ranks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ranks));
    }

    /** Computes every metric of {@code result} for {@code query}. */
    public static QueryEvaluation of(QuerySpec query, RankedResult result) {
        List<String> ranking = result.rankedIds();
        var relevant = new java.util.LinkedHashSet<>(query.relevant());
        double recall = result.candidates().map(c -> RetrievalMetrics.candidateRecall(c, relevant)).orElse(Double.NaN);
        return new QueryEvaluation(query.id(),
                RetrievalMetrics.ranksOfRelevant(ranking, query.relevant()),
                RetrievalMetrics.averagePrecision(ranking, relevant),
                RetrievalMetrics.reciprocalRank(ranking, relevant),
                RetrievalMetrics.precisionAt(1, ranking, relevant),
                RetrievalMetrics.precisionAt(10, ranking, relevant),
                recall,
                result.latency().toNanos() / 1e9,
                result.hits().stream().findFirst());
    }
}
