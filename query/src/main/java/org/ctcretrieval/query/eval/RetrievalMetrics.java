package org.ctcretrieval.query.eval;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranked-retrieval metrics for one query, following the usual TREC definitions (Manning, Raghavan &amp; Schütze,
 * <i>Introduction to Information Retrieval</i>, ch. 8). Rankings are lists of recording IDs, best first; ranks
 * are 1-based.
 *
 * <p>Means over queries ({@code mAP}, {@code MRR}, mean {@code P@k}) are plain arithmetic means of the
 * per-query values: see {@link #mean}.
 */
public final class RetrievalMetrics {
    private RetrievalMetrics() {}

    /**
     * Average precision: {@code (1/R) * sum over ranks k holding a relevant recording of P@k}, where {@code R} is
     * the number of relevant recordings. Relevant recordings missing from the ranking contribute 0, so a
     * truncated ranking gives AP@K.
     *
     * @param ranking  recording IDs, best first, no duplicates
     * @param relevant the relevant recording IDs, non-empty
     * @return a value in [0, 1]
     */
    public static double averagePrecision(List<String> ranking, Set<String> relevant) {
        requireRelevant(relevant);
        int found = 0;
        double sum = 0;
        for (int k = 1; k <= ranking.size(); k++) {
            if (relevant.contains(ranking.get(k - 1))) {
                found++;
                sum += (double) found / k;
            }
        }
        return sum / relevant.size();
    }

    /** {@code 1 / rank} of the first relevant recording, 0 if none is in the ranking. */
    public static double reciprocalRank(List<String> ranking, Set<String> relevant) {
        requireRelevant(relevant);
        for (int k = 1; k <= ranking.size(); k++) {
            if (relevant.contains(ranking.get(k - 1))) return 1.0 / k;
        }
        return 0;
    }

    /**
     * Precision at cut-off {@code k}: relevant recordings among the first {@code k}, divided by {@code k} (also
     * when the ranking is shorter than {@code k}, as in trec_eval).
     *
     * @param k cut-off, {@code >= 1}
     */
    public static double precisionAt(int k, List<String> ranking, Set<String> relevant) {
        if (k < 1) throw new IllegalArgumentException("cut-off must be at least 1: " + k);
        requireRelevant(relevant);
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (relevant.contains(ranking.get(i))) hits++;
        }
        return (double) hits / k;
    }

    /**
     * Recall of the candidate stage: the fraction of relevant recordings that are among the candidates.
     *
     * @param candidates recordings kept by the candidate stage, any order
     */
    public static double candidateRecall(Collection<String> candidates, Set<String> relevant) {
        requireRelevant(relevant);
        Set<String> kept = Set.copyOf(candidates);
        long hits = relevant.stream().filter(kept::contains).count();
        return (double) hits / relevant.size();
    }

    /**
     * The 1-based rank of every relevant recording, in the iteration order of {@code relevant}; 0 for a
     * relevant recording missing from the ranking.
     */
    public static Map<String, Integer> ranksOfRelevant(List<String> ranking, Collection<String> relevant) {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (String r : relevant) {
            int i = ranking.indexOf(r);
            ranks.put(r, i + 1);
        }
        return ranks;
    }

    /** Arithmetic mean; NaN for no values (e.g. candidate recall when no query had a candidate stage). */
    public static double mean(Collection<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static void requireRelevant(Set<String> relevant) {
        if (relevant.isEmpty()) throw new IllegalArgumentException("a query needs at least one relevant recording");
    }
}
