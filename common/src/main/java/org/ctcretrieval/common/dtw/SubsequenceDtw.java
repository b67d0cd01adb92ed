package org.ctcretrieval.common.dtw;

import java.util.ArrayList;
import java.util.List;

/**
 * Subsequence dynamic time warping of a short query (a theme) against a long recording, as in Müller,
 * <i>Fundamentals of Music Processing</i>, 2nd ed., Sec. 7.2.3 and the FMP notebook C7S2 (function
 * {@code compute_accumulated_cost_matrix_subsequence_dtw_21} / {@code compute_matching_function_dtw} with
 * {@code stepsize=2} of libfmp).
 *
 * <p><b>Local cost.</b> Cosine distance {@code c(x, y) = 1 - <x, y> / (|x| |y|)} between a query frame and a
 * recording frame (libfmp {@code compute_cost_matrix(X, Y, metric='cosine')}). Frames are L2-normalised once by
 * {@link #normalize(float[][])}; a frame whose norm is below {@link #NORM_THRESHOLD} is replaced by the uniform
 * unit vector, as libfmp's {@code normalize_feature_sequence(X, norm='2', threshold=0.001)}, so silence costs a
 * finite amount instead of NaN.
 *
 * <p><b>Recursion.</b> With query frames {@code n = 0..N-1} and recording frames {@code m = 0..M-1}:
 * <pre>
 *   D(0, m) = C(0, m)                                   (free start anywhere in the recording)
 *   D(n, m) = C(n, m) + min{ D(n-1, m-1), D(n-2, m-1), D(n-1, m-2) }   for n &gt;= 1
 * </pre>
 * i.e. step sizes {@code (1,1), (2,1), (1,2)} (query step, recording step), all with weight 1, cells outside the
 * matrix count as +infinity. The steps (2,1) and (1,2) let the recording run between twice and half the query's
 * tempo while forbidding degenerate horizontal or vertical runs. The matching function is
 * {@code Delta(m) = D(N-1, m) / N} (free end); the best match ends at its minimum.
 *
 * <p><b>Efficiency.</b> The matrix is filled column by column along the recording, keeping only the two previous
 * columns of accumulated cost (length N each, float) and the start frame of the best path into each cell (start
 * index propagation), so time is O(N*M) and memory O(N + M) — the full matrix is never stored and no
 * backtracking is needed to report where a match starts.
 *
 * <p>Instances are immutable and thread-safe: the normalised query is prepared once and can be matched against
 * many recordings concurrently.
 */
public final class SubsequenceDtw {
    /** Frames with an L2 norm below this value are treated as silence and replaced by the uniform vector. */
    public static final float NORM_THRESHOLD = 0.001f;

    private final float[] query; // N*D, L2-normalised rows
    private final int n;
    private final int dim;

    /**
     * @param queryFrames query feature sequence {@code [N][D]}, N &gt;= 1, any positive scale (normalised here)
     */
    public SubsequenceDtw(float[][] queryFrames) {
        if (queryFrames.length == 0) throw new IllegalArgumentException("empty query");
        this.n = queryFrames.length;
        this.dim = queryFrames[0].length;
        this.query = normalize(queryFrames);
    }

    /** Query length N in frames. */
    public int queryLength() {
        return n;
    }

    /** Feature dimension D. */
    public int dimension() {
        return dim;
    }

    /**
     * L2-normalises every row into one flat array {@code [T*D]}; rows with norm &lt; {@link #NORM_THRESHOLD}
     * become {@code 1/sqrt(D)} in every component.
     */
    public static float[] normalize(float[][] frames) {
        int d = frames.length == 0 ? 0 : frames[0].length;
        float[] out = new float[frames.length * d];
        float uniform = (float) (1.0 / Math.sqrt(Math.max(d, 1)));
        for (int t = 0; t < frames.length; t++) {
            float[] f = frames[t];
            if (f.length != d) throw new IllegalArgumentException("ragged frames");
            double s = 0;
            for (float v : f) s += (double) v * v;
            double norm = Math.sqrt(s);
            int o = t * d;
            if (norm < NORM_THRESHOLD) {
                for (int i = 0; i < d; i++) out[o + i] = uniform;
            } else {
                float inv = (float) (1.0 / norm);
                for (int i = 0; i < d; i++) out[o + i] = f[i] * inv;
            }
        }
        return out;
    }

    /**
     * Matching function of the query against a recording.
     *
     * @param recording recording frames {@code [M*D]}, rows already L2-normalised (see {@link #normalize})
     * @param frames    M, number of recording frames
     * @param starts    if not null, receives for each end frame m the start frame of its optimal path (length M)
     * @return {@code Delta[m] = D(N-1, m) / N}, +infinity where no path can end (m too small for the query)
     */
    public float[] matchingFunction(float[] recording, int frames, int[] starts) {
        if (recording.length < frames * dim) throw new IllegalArgumentException("recording shorter than frames*D");
        final int len = n;
        final int d = dim;
        final float inf = Float.POSITIVE_INFINITY;
        float[] delta = new float[frames];
        // Two previous columns of accumulated cost and start frames; cur is the column being filled.
        float[] prev2 = new float[len];
        float[] prev1 = new float[len];
        float[] cur = new float[len];
        int[] sPrev2 = new int[len];
        int[] sPrev1 = new int[len];
        int[] sCur = new int[len];
        java.util.Arrays.fill(prev2, inf);
        java.util.Arrays.fill(prev1, inf);
        float invN = 1f / len;
        float[] q = query;
        for (int m = 0; m < frames; m++) {
            int yo = m * d;
            // n = 0: free start.
            cur[0] = 1f - dot(q, 0, recording, yo, d);
            sCur[0] = m;
            for (int i = 1; i < len; i++) {
                float best = prev1[i - 1];          // step (1,1)
                int bestStart = sPrev1[i - 1];
                if (i >= 2 && prev1[i - 2] < best) { // step (2,1)
                    best = prev1[i - 2];
                    bestStart = sPrev1[i - 2];
                }
                if (prev2[i - 1] < best) {           // step (1,2)
                    best = prev2[i - 1];
                    bestStart = sPrev2[i - 1];
                }
                if (best == inf) {
                    cur[i] = inf;
                    sCur[i] = m;
                } else {
                    cur[i] = best + 1f - dot(q, i * d, recording, yo, d);
                    sCur[i] = bestStart;
                }
            }
            delta[m] = cur[len - 1] * invN;
            if (starts != null) starts[m] = sCur[len - 1];
            float[] tf = prev2; prev2 = prev1; prev1 = cur; cur = tf;
            int[] ti = sPrev2; sPrev2 = sPrev1; sPrev1 = sCur; sCur = ti;
        }
        return delta;
    }

    /**
     * Best match of the query in a recording.
     *
     * @param recording L2-normalised recording frames {@code [M*D]} (see {@link #normalize})
     * @param frames    M
     * @return the match with the lowest normalised cost, or null if the recording is too short for any path
     *         (fewer than {@code 1 + ceil((N-1)/2)} frames)
     */
    public DtwMatch bestMatch(float[] recording, int frames) {
        List<DtwMatch> top = topMatches(recording, frames, 1);
        return top.isEmpty() ? null : top.get(0);
    }

    /** Convenience overload taking un-normalised recording frames {@code [M][D]}. */
    public DtwMatch bestMatch(float[][] recordingFrames) {
        return bestMatch(normalize(recordingFrames), recordingFrames.length);
    }

    /**
     * Up to {@code k} non-overlapping matches, best first: repeatedly take the end frame with the lowest matching
     * function value, then exclude every end frame whose path overlaps the chosen one (as the iterative minimum
     * selection of FMP C7S2, with the exclusion neighbourhood given by the propagated start frames).
     *
     * @param recording L2-normalised recording frames {@code [M*D]}
     * @param frames    M
     * @param k         maximum number of matches, &gt;= 1
     */
    public List<DtwMatch> topMatches(float[] recording, int frames, int k) {
        int[] starts = new int[frames];
        float[] delta = matchingFunction(recording, frames, starts);
        List<DtwMatch> out = new ArrayList<>(Math.min(k, 16));
        boolean[] excluded = new boolean[frames];
        while (out.size() < k) {
            int best = -1;
            float bestCost = Float.POSITIVE_INFINITY;
            for (int m = 0; m < frames; m++) {
                if (!excluded[m] && delta[m] < bestCost) {
                    bestCost = delta[m];
                    best = m;
                }
            }
            if (best < 0) break;
            DtwMatch match = new DtwMatch(bestCost, starts[best], best);
            out.add(match);
            if (out.size() == k) break;
            for (int m = 0; m < frames; m++) {
                if (!excluded[m] && starts[m] <= match.endFrame() && m >= match.startFrame()) excluded[m] = true;
            }
        }
        return out;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int d) {
        float s = 0f;
        for (int i = 0; i < d; i++) s += a[ao + i] * b[bo + i];
        return s;
    }
}
