package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metrics against examples computed by hand (arithmetic in the comments). */
class RetrievalMetricsTest {
    private static final double EPS = 1e-12;

    // Ranking a x b y c; relevant {a, b, c, d} (R = 4, d never retrieved).
    private static final List<String> RANKING = List.of("a", "x", "b", "y", "c");
    private static final Set<String> RELEVANT = new LinkedHashSet<>(List.of("a", "b", "c", "d"));

    @Test
    void averagePrecisionCountsMissingRelevantAsZero() {
        // relevant at ranks 1, 3, 5: P@1 = 1/1, P@3 = 2/3, P@5 = 3/5
        // AP = (1 + 2/3 + 3/5 + 0 for d) / 4 = (15/15 + 10/15 + 9/15) / 4 = (34/15) / 4 = 17/30
        assertEquals(17.0 / 30.0, RetrievalMetrics.averagePrecision(RANKING, RELEVANT), EPS);
    }

    @Test
    void averagePrecisionOfPerfectAndEmptyRankings() {
        // a b: P@1 = 1, P@2 = 1 -> AP = (1 + 1) / 2 = 1
        assertEquals(1.0, RetrievalMetrics.averagePrecision(List.of("a", "b", "x"), Set.of("a", "b")), EPS);
        // nothing relevant returned -> 0
        assertEquals(0.0, RetrievalMetrics.averagePrecision(List.of("x", "y"), Set.of("a")), EPS);
        assertEquals(0.0, RetrievalMetrics.averagePrecision(List.of(), Set.of("a")), EPS);
        // single relevant at rank 3 -> AP = (1/3) / 1
        assertEquals(1.0 / 3.0, RetrievalMetrics.averagePrecision(List.of("x", "y", "b"), Set.of("b")), EPS);
    }

    @Test
    void reciprocalRankIsOneOverFirstRelevantRank() {
        assertEquals(1.0, RetrievalMetrics.reciprocalRank(RANKING, RELEVANT), EPS);
        // first relevant at rank 3 -> 1/3
        assertEquals(1.0 / 3.0, RetrievalMetrics.reciprocalRank(List.of("x", "y", "b", "a"), Set.of("a", "b")), EPS);
        assertEquals(0.0, RetrievalMetrics.reciprocalRank(List.of("x", "y"), Set.of("a")), EPS);
    }

    @Test
    void precisionAtKDividesByKEvenForShortRankings() {
        assertEquals(1.0, RetrievalMetrics.precisionAt(1, RANKING, RELEVANT), EPS);
        // top 2 = a x -> 1/2
        assertEquals(0.5, RetrievalMetrics.precisionAt(2, RANKING, RELEVANT), EPS);
        // top 5 = a x b y c -> 3/5
        assertEquals(0.6, RetrievalMetrics.precisionAt(5, RANKING, RELEVANT), EPS);
        // only 5 returned, 3 relevant -> 3/10 (trec_eval convention)
        assertEquals(0.3, RetrievalMetrics.precisionAt(10, RANKING, RELEVANT), EPS);
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.precisionAt(0, RANKING, RELEVANT));
    }

    @Test
    void candidateRecallIsFractionOfRelevantKept() {
        // candidates {a, b, x}: a and b of the 4 relevant -> 2/4
        assertEquals(0.5, RetrievalMetrics.candidateRecall(List.of("x", "b", "a"), RELEVANT), EPS);
        assertEquals(1.0, RetrievalMetrics.candidateRecall(List.of("a", "b", "c", "d", "e"), RELEVANT), EPS);
        assertEquals(0.0, RetrievalMetrics.candidateRecall(List.of(), RELEVANT), EPS);
    }

    @Test
    void ranksOfRelevantAreOneBasedWithZeroForMissing() {
        assertEquals(Map.of("a", 1, "b", 3, "c", 5, "d", 0), RetrievalMetrics.ranksOfRelevant(RANKING, RELEVANT));
        assertEquals(List.of("a", "b", "c", "d"),
                List.copyOf(RetrievalMetrics.ranksOfRelevant(RANKING, RELEVANT).keySet()), "relevant order kept");
    }

    @Test
    void meanSkipsUndefinedValues() {
        // (17/30 + 1/3 + 0) / 3 = (17/30 + 10/30) / 3 = 27/90 = 0.3
        assertEquals(0.3, RetrievalMetrics.mean(List.of(17.0 / 30, 1.0 / 3, 0.0)), EPS);
        // NaN (no candidate stage) is left out: (0.5 + 1) / 2
        assertEquals(0.75, RetrievalMetrics.mean(List.of(0.5, Double.NaN, 1.0)), EPS);
        assertEquals(Double.NaN, RetrievalMetrics.mean(List.of(Double.NaN)));
    }

    @Test
    void queryWithoutRelevantRecordingsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.averagePrecision(RANKING, Set.of()));
    }
}
