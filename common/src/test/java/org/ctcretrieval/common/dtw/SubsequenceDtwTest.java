package org.ctcretrieval.common.dtw;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubsequenceDtwTest {

    /**
     * Independent slow definition: full cost and accumulated-cost matrices as in libfmp
     * compute_accumulated_cost_matrix_subsequence_dtw_21 (padding with +inf), then backtracking from the end cell
     * to find the start, in double precision.
     */
    private static double[][] slowAccumulated(float[][] x, float[][] y) {
        int n = x.length, m = y.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) c[i][j] = cosineDistance(x[i], y[j]);
        double[][] d = new double[n + 1][m + 2];
        for (double[] row : d) java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        for (int j = 0; j < m; j++) d[1][j + 2] = c[0][j];
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < m; j++) {
                d[i + 1][j + 2] = c[i][j] + Math.min(d[i][j + 1], Math.min(d[i - 1][j + 1], d[i][j]));
            }
        }
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) System.arraycopy(d[i + 1], 2, out[i], 0, m);
        return out;
    }

    private static int slowStart(double[][] d, int end) {
        int i = d.length - 1, j = end;
        while (i > 0) {
            double a = j >= 1 ? d[i - 1][j - 1] : Double.POSITIVE_INFINITY;
            double b = (i >= 2 && j >= 1) ? d[i - 2][j - 1] : Double.POSITIVE_INFINITY;
            double c = (j >= 2) ? d[i - 1][j - 2] : Double.POSITIVE_INFINITY;
            if (a <= b && a <= c) { i -= 1; j -= 1; }
            else if (b <= c) { i -= 2; j -= 1; }
            else { i -= 1; j -= 2; }
        }
        return j;
    }

    private static double cosineDistance(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int k = 0; k < a.length; k++) { ab += a[k] * b[k]; aa += a[k] * a[k]; bb += b[k] * b[k]; }
        return 1 - ab / (Math.sqrt(aa) * Math.sqrt(bb));
    }

    private static float[][] random(Random rnd, int t) {
        float[][] f = new float[t][12];
        for (float[] row : f) for (int c = 0; c < 12; c++) row[c] = rnd.nextFloat() + 0.01f;
        return f;
    }

    @Test
    void matchingFunctionEqualsSlowDefinitionAndStartsMatchBacktracking() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            float[][] x = random(rnd, 1 + rnd.nextInt(15));
            float[][] y = random(rnd, 1 + rnd.nextInt(60));
            SubsequenceDtw dtw = new SubsequenceDtw(x);
            int[] starts = new int[y.length];
            float[] delta = dtw.matchingFunction(SubsequenceDtw.normalize(y), y.length, starts);
            double[][] d = slowAccumulated(x, y);
            for (int m = 0; m < y.length; m++) {
                double expected = d[x.length - 1][m] / x.length;
                if (Double.isInfinite(expected)) {
                    assertTrue(Float.isInfinite(delta[m]), "trial " + trial + " m " + m);
                } else {
                    assertEquals(expected, delta[m], 1e-5, "trial " + trial + " m " + m);
                    assertEquals(slowStart(d, m), starts[m], "start, trial " + trial + " m " + m);
                }
            }
        }
    }

    @Test
    void bestMatchOnWholeRecordingAndOnWindowsEqualsSlowDefinition() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 30; trial++) {
            float[][] x = random(rnd, 1 + rnd.nextInt(20));
            float[][] y = random(rnd, 10 + rnd.nextInt(80));
            int from = rnd.nextInt(y.length / 2);
            int len = y.length - from - rnd.nextInt(y.length - from);
            float[][] window = java.util.Arrays.copyOfRange(y, from, from + len);
            SubsequenceDtw dtw = new SubsequenceDtw(x);
            for (boolean whole : new boolean[] {true, false}) {
                float[][] ref = whole ? y : window;
                int offset = whole ? 0 : from;
                double[][] d = slowAccumulated(x, ref);
                int bestEnd = -1;
                for (int m = 0; m < ref.length; m++) {
                    if (bestEnd < 0 || d[x.length - 1][m] < d[x.length - 1][bestEnd]) bestEnd = m;
                }
                DtwMatch got = whole ? dtw.bestMatch(SubsequenceDtw.normalize(y), y.length)
                        : dtw.bestMatch(SubsequenceDtw.normalize(y), from, len);
                if (Double.isInfinite(d[x.length - 1][bestEnd])) {
                    assertNull(got);
                    continue;
                }
                assertEquals(d[x.length - 1][bestEnd] / x.length, got.cost(), 1e-5, "trial " + trial);
                assertEquals(offset + bestEnd, got.endFrame(), "trial " + trial);
                assertEquals(offset + slowStart(d, bestEnd), got.startFrame(), "trial " + trial);
            }
        }
    }

    @Test
    void pathOfTheBestMatchUsesAllowedStepsAndItsCellsSumToTheCost() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            float[][] x = random(rnd, 2 + rnd.nextInt(20));
            float[][] y = random(rnd, 40 + rnd.nextInt(60));
            SubsequenceDtw dtw = new SubsequenceDtw(x);
            float[] rec = SubsequenceDtw.normalize(y);
            DtwMatch best = dtw.bestMatch(rec, y.length);
            int[][] path = dtw.pathOf(rec, 0, best.endFrame());
            assertArrayEquals(new int[] {0, best.startFrame()}, path[0], "trial " + trial);
            assertArrayEquals(new int[] {x.length - 1, best.endFrame()}, path[path.length - 1], "trial " + trial);
            double sum = 0;
            for (int k = 0; k < path.length; k++) {
                sum += cosineDistance(x[path[k][0]], y[path[k][1]]);
                if (k == 0) continue;
                int di = path[k][0] - path[k - 1][0], dj = path[k][1] - path[k - 1][1];
                assertTrue((di == 1 && dj == 1) || (di == 2 && dj == 1) || (di == 1 && dj == 2),
                        "step (" + di + "," + dj + ") in trial " + trial);
            }
            assertEquals(best.cost(), sum / x.length, 1e-4, "trial " + trial);
        }
    }

    @Test
    void findsPlantedStretchedQueryWithItsSpan() {
        Random rnd = new Random(3);
        float[][] y = random(rnd, 400);
        float[][] x = new float[40][];
        // Query = recording frames 200..279 at half speed (every second frame): step (1,2) throughout.
        for (int i = 0; i < 40; i++) x[i] = y[200 + 2 * i].clone();
        SubsequenceDtw dtw = new SubsequenceDtw(x);
        DtwMatch best = dtw.bestMatch(y);
        assertEquals(200, best.startFrame());
        assertEquals(278, best.endFrame());
        assertEquals(0f, best.cost(), 1e-5f);
        assertEquals(20.0, best.startSeconds(10.0), 1e-9);
    }

    @Test
    void topMatchesAreNonOverlappingAndSortedByCost() {
        Random rnd = new Random(5);
        float[][] y = random(rnd, 500);
        float[][] x = new float[30][];
        for (int i = 0; i < 30; i++) x[i] = y[50 + i].clone();
        for (int i = 0; i < 30; i++) y[300 + i] = x[i].clone(); // second exact occurrence
        SubsequenceDtw dtw = new SubsequenceDtw(x);
        List<DtwMatch> top = dtw.topMatches(SubsequenceDtw.normalize(y), y.length, 5);
        assertEquals(5, top.size());
        assertEquals(0f, top.get(0).cost(), 1e-5f);
        assertEquals(0f, top.get(1).cost(), 1e-5f);
        assertEquals(java.util.Set.of(50, 300), java.util.Set.of(top.get(0).startFrame(), top.get(1).startFrame()));
        for (int i = 0; i < top.size(); i++) {
            if (i > 0) assertTrue(top.get(i).cost() >= top.get(i - 1).cost());
            for (int j = 0; j < i; j++) assertFalse(top.get(i).overlaps(top.get(j)), i + " overlaps " + j);
        }
    }

    @Test
    void silentFramesGetFiniteCostAndShortRecordingHasNoMatch() {
        float[][] x = new float[6][12];
        x[0][0] = 1f;
        SubsequenceDtw dtw = new SubsequenceDtw(x);
        float[][] y = new float[10][12];
        DtwMatch m = dtw.bestMatch(y);
        assertNotNull(m);
        assertTrue(Float.isFinite(m.cost()));
        assertNull(dtw.bestMatch(new float[2][12]), "6 query frames need at least 3 recording frames");
    }
}
