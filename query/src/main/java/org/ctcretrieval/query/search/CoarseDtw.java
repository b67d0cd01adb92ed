package org.ctcretrieval.query.search;

import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;
import org.ctcretrieval.common.index.RetrievalFeatures;

/**
 * A cheap first pass of the re-scoring: subsequence DTW on the query and the recording windows pooled by
 * {@link #FACTOR} frames (10 Hz becomes 2.5 Hz), which costs {@code 1/FACTOR²} of the full matching. The
 * searcher runs it on every candidate window and keeps only the best candidates for the full-resolution DTW, so
 * long themes and many candidates stay affordable. Pooling sums {@link #FACTOR} consecutive unit rows and
 * normalises the sum, the same smoothing-and-downsampling step on both sides, so the pooled cost is a blurred
 * version of the full one.
 */
final class CoarseDtw {
    /** Frames pooled into one. */
    static final int FACTOR = 4;
    /** Pooled query frames below which the coarse pass is skipped (too little to rank by). */
    static final int MIN_QUERY_FRAMES = 6;

    private final SubsequenceDtw[] dtwPerShift;

    /**
     * @param query  the full-resolution query chroma
     * @param shifts transpositions: shift s matches the query rotated up by s semitones
     */
    CoarseDtw(float[][] query, int shifts) {
        float[][] pooled = pool(query);
        dtwPerShift = new SubsequenceDtw[shifts];
        for (int s = 0; s < shifts; s++) dtwPerShift[s] = new SubsequenceDtw(RetrievalFeatures.rotate(pooled, s));
    }

    /** Whether a query of {@code frames} full-resolution frames is long enough for the coarse pass. */
    static boolean applies(int frames) {
        return frames / FACTOR >= MIN_QUERY_FRAMES;
    }

    /**
     * Best pooled cost of transposition {@code shift} within recording frames {@code [from, to)} of 8-bit codes
     * ({@link org.ctcretrieval.common.index.RetrievalFeatures#quantize8}): each frame is decoded to a unit vector
     * (the uniform one if all-zero) and pooled straight away, without decoding the full-rate window.
     *
     * @return the cost, or +infinity if the window is too short for any path
     */
    float cost(int shift, byte[] codes, int from, int to, int d) {
        int pooled = (to - from) / FACTOR;
        if (pooled == 0) return Float.POSITIVE_INFINITY;
        float[] p = new float[pooled * d];
        float uniform = (float) (1.0 / Math.sqrt(d));
        for (int i = 0; i < pooled; i++) {
            int o = i * d;
            for (int k = 0; k < FACTOR; k++) {
                int c0 = (from + i * FACTOR + k) * d;
                float sq = 0f;
                for (int c = 0; c < d; c++) {
                    float v = codes[c0 + c] & 0xff;
                    sq += v * v;
                }
                if (sq == 0f) {
                    for (int c = 0; c < d; c++) p[o + c] += uniform;
                } else {
                    float inv = (float) (1.0 / Math.sqrt(sq));
                    for (int c = 0; c < d; c++) p[o + c] += (codes[c0 + c] & 0xff) * inv;
                }
            }
            float sq = 0f;
            for (int c = 0; c < d; c++) sq += p[o + c] * p[o + c];
            float inv = (float) (1.0 / Math.sqrt(sq));
            for (int c = 0; c < d; c++) p[o + c] *= inv;
        }
        DtwMatch m = dtwPerShift[shift].bestEnd(p, 0, pooled);
        return m == null ? Float.POSITIVE_INFINITY : m.cost();
    }

    private static float[][] pool(float[][] q) {
        int n = Math.max(1, q.length / FACTOR);
        int d = q[0].length;
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < FACTOR && i * FACTOR + k < q.length; k++) {
                float[] f = q[i * FACTOR + k];
                double norm = 0;
                for (float v : f) norm += (double) v * v;
                if (norm == 0) continue;
                float inv = (float) (1.0 / Math.sqrt(norm));
                for (int c = 0; c < d; c++) out[i][c] += f[c] * inv;
            }
        }
        return out;
    }
}
