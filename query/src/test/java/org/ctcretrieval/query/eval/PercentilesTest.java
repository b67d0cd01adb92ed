package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles, by hand. */
class PercentilesTest {
    @Test
    void nearestRankOnFiveSamples() {
        double[] s = {0.5, 0.1, 0.4, 0.2, 0.3}; // sorted 0.1 0.2 0.3 0.4 0.5
        // p50: rank ceil(0.50 * 5) = ceil(2.5) = 3 -> 0.3
        assertEquals(0.3, Percentiles.nearestRank(50, s));
        // p95: rank ceil(0.95 * 5) = ceil(4.75) = 5 -> 0.5
        assertEquals(0.5, Percentiles.nearestRank(95, s));
        // p20: rank ceil(1.0) = 1 -> 0.1
        assertEquals(0.1, Percentiles.nearestRank(20, s));
        assertEquals(0.5, s[0], "input not modified");
    }

    @Test
    void nearestRankOnTwentySamples() {
        double[] s = new double[20];
        for (int i = 0; i < 20; i++) s[i] = 20 - i; // 20 .. 1
        // p50: rank ceil(10) = 10 -> 10; p95: rank ceil(19) = 19 -> 19
        assertEquals(10, Percentiles.nearestRank(50, s));
        assertEquals(19, Percentiles.nearestRank(95, s));
        assertEquals(20, Percentiles.nearestRank(100, s));
    }

    @Test
    void emptyAndInvalid() {
        assertEquals(Double.NaN, Percentiles.nearestRank(50, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(0, new double[] {1}));
    }
}
