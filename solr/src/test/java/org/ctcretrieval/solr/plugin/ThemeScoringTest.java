package org.ctcretrieval.solr.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.solr.ThemeParams;
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

    private static ModifiableSolrParams theme(long seed) {
        Random rnd = new Random(seed);
        float[][] q = new float[40][12];
        for (float[] f : q) for (int c = 0; c < 12; c++) f[c] = rnd.nextFloat();
        float[][] slower = new float[56][12];
        for (float[] f : slower) for (int c = 0; c < 12; c++) f[c] = rnd.nextFloat();
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set(ThemeParams.QUERY, ThemeParams.encodeQuery(q) + ";" + ThemeParams.encodeQuery(slower));
        p.set(ThemeParams.SCALES, "1.0,1.4142135623730951");
        p.set(ThemeParams.SHIFTS, "0,1,11");
        p.set(ThemeParams.SETUP, ThemeParams.encodeSetup(IndexSchema.forFeatures("cqt", 25, 12)));
        return p;
    }

    /** The phases of one search on one node decode the theme once; other nodes and other themes get their own. */
    @Test
    void aNodeDecodesEachThemeOnce() {
        Object node = new Object(), other = new Object();
        ThemeScoring a = ThemeScoring.from(theme(1), false, node);
        ModifiableSolrParams withWindows = theme(1);
        withWindows.set(ThemeParams.WINDOWS, "r1\t0,0,30,5;2,10,40,3\n");
        ThemeScoring b = ThemeScoring.from(withWindows, true, node);
        assertSame(a.theme, b.theme);
        assertEquals(6, a.matcher.size());
        assertEquals(2, b.windows.get("r1").size());
        assertTrue(!a.key.equals(b.key), "the windows are part of the DTW query's identity");
        assertNotSame(a.theme, ThemeScoring.from(theme(1), false, other).theme);
        assertNotSame(a.theme, ThemeScoring.from(theme(2), false, node).theme);
        // each variant's shingle query is built once too
        assertSame(a.theme.query(0), b.theme.query(0));
    }

    @Test
    void theCacheIsBounded() {
        Object node = new Object();
        ThemeScoring first = ThemeScoring.from(theme(100), false, node);
        for (int i = 1; i <= ThemeCache.SIZE; i++) ThemeScoring.from(theme(100 + i), false, node);
        assertEquals(ThemeCache.SIZE, ThemeCache.of(node).size());
        assertNotSame(first.theme, ThemeScoring.from(theme(100), false, node).theme, "the least recently used theme was dropped");
    }

    @Test
    void malformedThemesAreRefusedAndNotCached() {
        Object node = new Object();
        ModifiableSolrParams p = theme(7);
        p.set(ThemeParams.SCALES, "1.0");
        SolrException e = assertThrows(SolrException.class, () -> ThemeScoring.from(p, false, node));
        assertEquals(400, e.code());
        p.set(ThemeParams.SCALES, "1.0,x");
        assertThrows(SolrException.class, () -> ThemeScoring.from(p, false, node));
        assertEquals(0, ThemeCache.of(node).size());
    }

    /** The second phase reuses the first phase's windowed DTW of a recording, but not for other chroma under its ID. */
    @Test
    void windowedMatchesAreReusedOnlyForTheSameChroma() {
        Object node = new Object();
        ModifiableSolrParams p = theme(11);
        p.set(ThemeParams.WINDOWS, "r1\t0,0,60,5\n");
        ThemeScoring first = ThemeScoring.from(p, true, node), second = ThemeScoring.from(p, true, node);
        Random rnd = new Random(5);
        byte[] codes = new byte[60 * 12], other = new byte[60 * 12];
        rnd.nextBytes(codes);
        rnd.nextBytes(other);
        ThemeScoring.Best a = first.best("r1", codes);
        assertTrue(a != null);
        assertSame(a, second.best("r1", codes), "the same windows and chroma on the same node: matched once");
        ThemeScoring.Best b = second.best("r1", other);
        assertNotSame(a, b);
        assertTrue(Math.abs(a.match().end().cost() - b.match().end().cost()) > 1e-9, "other chroma, another match");
    }
}
