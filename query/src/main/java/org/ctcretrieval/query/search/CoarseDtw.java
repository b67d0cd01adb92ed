package org.ctcretrieval.query.search;

import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;

/**
 * A cheap first pass of the re-scoring: subsequence DTW on the query and the recording windows pooled by a
 * factor F, which costs {@code 1/F²} of the full matching. The searcher runs it on every candidate window and
 * keeps only the best candidates for the full-resolution DTW, so long themes and many candidates stay affordable.
 * Pooling sums F consecutive unit rows and normalises the sum, the same smoothing-and-downsampling step on both
 * sides, so the pooled cost is a blurred version of the full one.
 *
 * <p>F is {@link #MIN_FACTOR} (10 Hz becomes 2.5 Hz) for themes up to {@link #POOLED_QUERY_FRAMES} times that
 * long, and grows with longer themes so that the pooled query never exceeds about {@link #POOLED_QUERY_FRAMES}
 * frames: the pass then costs about the same for every theme length instead of growing with its square, while a
 * long theme still has as many pooled frames to rank by as a short one.
 */
final class CoarseDtw {
    /** Fewest frames pooled into one. */
    static final int MIN_FACTOR = 4;
    /** Pooled query length above which the factor grows. */
    static final int POOLED_QUERY_FRAMES = 32;
    /** Pooled query frames below which the coarse pass is skipped (too little to rank by). */
    static final int MIN_QUERY_FRAMES = 6;

    private final int factor;
    private final SubsequenceDtw dtw;

    /** @param query the full-resolution query chroma (time-scaled and transposed as it is to be matched) */
    CoarseDtw(float[][] query) {
        factor = factorFor(query.length);
        dtw = new SubsequenceDtw(pool(query, factor));
    }

    /** Whether a query of {@code frames} full-resolution frames is long enough for the coarse pass. */
    static boolean applies(int frames) {
        return frames / MIN_FACTOR >= MIN_QUERY_FRAMES;
    }

    /** Pooling factor for a query of {@code frames} full-resolution frames. */
    static int factorFor(int frames) {
        return Math.max(MIN_FACTOR, (frames + POOLED_QUERY_FRAMES - 1) / POOLED_QUERY_FRAMES);
    }

    int factor() {
        return factor;
    }

    /**
     * Best pooled match: its cost and the recording frames {@code [from, to)} its pools cover.
     *
     * @param cost normalised pooled cost, +infinity if the window was too short for any path
     */
    record Match(float cost, int from, int to) {
        static final Match NONE = new Match(Float.POSITIVE_INFINITY, 0, 0);
    }

    /**
     * Best pooled match within recording frames {@code [from, to)} of 8-bit codes
     * ({@link org.ctcretrieval.common.index.RetrievalFeatures#quantize8}): each frame is decoded to a unit vector
     * (the uniform one if all-zero) and pooled straight away, without decoding the full-rate window.
     *
     * @return the match, {@link Match#NONE} if the window is too short for any path
     */
    Match match(byte[] codes, int from, int to, int d) {
        float[] p = pooled(codes, from, to, d);
        if (p == null) return Match.NONE;
        DtwMatch m = dtw.bestMatch(p, 0, p.length / d);
        if (m == null) return Match.NONE;
        return new Match(m.cost(), from + m.startFrame() * factor, from + (m.endFrame() + 1) * factor);
    }

    /**
     * {@link #match} without the start: the pooled cost and last pool of the best match in {@code window}
     * (frames {@code [from, to)}).
     */
    RecordingMatcher.CoarseEnd end(byte[] codes, int from, int to, int d, DtwWindows.Window window) {
        float[] p = pooled(codes, from, to, d);
        DtwMatch m = p == null ? null : dtw.bestEnd(p, 0, p.length / d);
        if (m == null) return new RecordingMatcher.CoarseEnd(Float.POSITIVE_INFINITY, null, -1);
        return new RecordingMatcher.CoarseEnd(m.cost(), window, m.endFrame());
    }

    /** The match {@link #match} finds, given its end from {@link #end} on the same frames. */
    Match span(byte[] codes, int from, int to, int d, RecordingMatcher.CoarseEnd end) {
        float[] p = pooled(codes, from, to, d);
        int start = dtw.startOf(p, 0, end.end());
        return new Match(end.cost(), from + start * factor, from + (end.end() + 1) * factor);
    }

    /**
     * Frames {@code [from, to)} of 8-bit codes ({@link org.ctcretrieval.common.index.RetrievalFeatures#quantize8})
     * pooled: each frame is decoded to a unit vector (the uniform one if all-zero) and pooled straight away, without
     * decoding the full-rate window; null if the window is shorter than one pool.
     */
    private float[] pooled(byte[] codes, int from, int to, int d) {
        int pooled = (to - from) / factor;
        if (pooled == 0) return null;
        float[] p = new float[pooled * d];
        float uniform = (float) (1.0 / Math.sqrt(d));
        for (int i = 0; i < pooled; i++) {
            int o = i * d;
            for (int k = 0; k < factor; k++) {
                int c0 = (from + i * factor + k) * d;
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
        return p;
    }

    private static float[][] pool(float[][] q, int factor) {
        int n = Math.max(1, q.length / factor);
        int d = q[0].length;
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < factor && i * factor + k < q.length; k++) {
                float[] f = q[i * factor + k];
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
