package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TempoRangeTest {
    @Test
    void theDefaultRangeUsesSevenCopiesAPowerOfSqrtTwoApart() {
        double[] s = TempoRange.DEFAULT.scales();
        assertEquals(7, s.length);
        for (int i = 0; i < s.length; i++) assertEquals(Math.pow(2, (i - 3) / 2.0), s[i], 1e-12);
        // the outermost copies' DTW steps (f/2 to 2f) reach past 1/4 and 4 times the score's duration
        assertTrue(s[0] / 2 <= 0.25 && s[s.length - 1] * 2 >= 4);
    }

    @Test
    void theNotatedTempoIsTheQueryAlone() {
        assertArrayEquals(new double[] {1}, TempoRange.NOTATED.scales());
        assertArrayEquals(new double[] {Math.sqrt(0.5), 1, Math.sqrt(2)}, TempoRange.parse("0.5-2").scales(), 1e-12);
    }

    @Test
    void parsesRangesAndSingleTemposAndRefusesNonsense() {
        assertEquals(new TempoRange(0.25, 4), TempoRange.parse("0.25-4"));
        assertEquals(new TempoRange(1, 1), TempoRange.parse(" 1 "));
        assertEquals("0.25x-4x", TempoRange.DEFAULT.toString());
        for (String bad : new String[] {"4-0.25", "0-2", "fast", "-1", "1-", "NaN-2"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> TempoRange.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
