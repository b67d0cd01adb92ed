package org.ctcretrieval.solr.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThemeScoringTest {
    /** Sorting by score must be sorting by cost, with no two costs sharing a score. */
    @Test
    void scoreIsStrictlyDecreasingInTheCost() {
        Random rnd = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            float a = rnd.nextFloat() * 2f;
            float b = Math.nextUp(a);
            assertTrue(ThemeScoring.scoreOf(a) > ThemeScoring.scoreOf(b), a + " vs " + b);
            assertTrue(ThemeScoring.scoreOf(a) >= 0f && Float.isFinite(ThemeScoring.scoreOf(a)));
        }
        assertEquals(2f, ThemeScoring.scoreOf(0f));
        assertEquals(0f, ThemeScoring.scoreOf(2f));
        assertEquals(0f, ThemeScoring.scoreOf(3f), "costs above 2 (impossible for cosine costs) rank last");
    }
}
