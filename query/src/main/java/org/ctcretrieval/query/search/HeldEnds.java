package org.ctcretrieval.query.search;

import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;

/**
 * Widens a subsequence-DTW match over a held first or last note. With steps (1,1), (2,1), (1,2) and the cost
 * normalised by the query length, a path that skips query frames sums fewer cells; inside a note held in both the
 * query and the recording it therefore starts late (or ends early) at no loss, most visibly in slow performances,
 * where a held note lasts seconds. The match is extended over the recording frames just outside it that are as
 * close to the query's first (last) frame as the frame at the match boundary, by at most twice the number of
 * query frames the held note lasts.
 */
final class HeldEnds {
    /** Cosine similarity above which query frames count as the same held sonority. */
    static final float SAME = 0.95f;
    /** Cost a recording frame outside the match may exceed the boundary frame's by and still be widened over. */
    static final float SLACK = 0.02f;

    private HeldEnds() {}

    /**
     * @param query  the query frames of the variant that matched, any scale ({@code [N][D]})
     * @param rec    L2-normalised recording frames {@code [M*D]}
     * @param frames M
     * @param m      the match, with its start frame
     * @return the widened match (same cost)
     */
    static DtwMatch widen(float[][] query, float[] rec, int frames, DtwMatch m) {
        int d = query[0].length;
        float[] q = SubsequenceDtw.normalize(query);
        int n = query.length;
        int headRun = 1;
        while (headRun < n && dot(q, 0, q, headRun * d, d) >= SAME) headRun++;
        int tailRun = 1;
        while (tailRun < n && dot(q, (n - 1) * d, q, (n - 1 - tailRun) * d, d) >= SAME) tailRun++;
        int start = m.startFrame();
        float startCost = 1 - dot(q, 0, rec, start * d, d);
        for (int k = 0; k < 2 * headRun && start > 0; k++) {
            if (1 - dot(q, 0, rec, (start - 1) * d, d) > startCost + SLACK) break;
            start--;
        }
        int end = m.endFrame();
        float endCost = 1 - dot(q, (n - 1) * d, rec, end * d, d);
        for (int k = 0; k < 2 * tailRun && end < frames - 1; k++) {
            if (1 - dot(q, (n - 1) * d, rec, (end + 1) * d, d) > endCost + SLACK) break;
            end++;
        }
        return new DtwMatch(m.cost(), start, end);
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int d) {
        float s = 0;
        for (int c = 0; c < d; c++) s += a[ao + c] * b[bo + c];
        return s;
    }
}
