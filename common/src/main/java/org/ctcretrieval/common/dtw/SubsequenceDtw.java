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
 * backtracking is needed to report where a match starts. The cost column of a recording frame is computed for all
 * query frames at once from a dimension-major copy of the query, and the recursion of a column reads only the
 * previous two columns, so both inner loops are free of loop-carried dependencies.
 *
 * <p>Instances are immutable and thread-safe: the normalised query is prepared once and can be matched against
 * many recordings concurrently.
 */
public final class SubsequenceDtw {
    /** Frames with an L2 norm below this value are treated as silence and replaced by the uniform vector. */
    public static final float NORM_THRESHOLD = 0.001f;

    private final float[] queryByDimension; // D*N: component c of normalised query frame i at c*N + i
    private final float[][] queryRows;      // the same as D arrays of length N
    private final int n;
    private final int dim;

    /**
     * @param queryFrames query feature sequence {@code [N][D]}, N &gt;= 1, any positive scale (normalised here)
     */
    public SubsequenceDtw(float[][] queryFrames) {
        if (queryFrames.length == 0) throw new IllegalArgumentException("empty query");
        this.n = queryFrames.length;
        this.dim = queryFrames[0].length;
        float[] q = normalize(queryFrames);
        this.queryByDimension = new float[n * dim];
        for (int i = 0; i < n; i++) for (int c = 0; c < dim; c++) queryByDimension[c * n + i] = q[i * dim + c];
        this.queryRows = new float[dim][n];
        for (int c = 0; c < dim; c++) System.arraycopy(queryByDimension, c * n, queryRows[c], 0, n);
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
        if (starts == null) return matchingFunction(recording, 0, frames);
        final int len = n;
        final int d = dim;
        float[] delta = new float[frames];
        // Two previous columns of accumulated cost and start frames; cur is the column being filled.
        float[] prev2 = new float[len];
        float[] prev1 = new float[len];
        float[] cur = new float[len];
        int[] sPrev2 = new int[len];
        int[] sPrev1 = new int[len];
        int[] sCur = new int[len];
        float[] cost = new float[len];
        java.util.Arrays.fill(prev2, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(prev1, Float.POSITIVE_INFINITY);
        float invN = 1f / len;
        float[] qt = queryByDimension;
        for (int m = 0; m < frames; m++) {
            // Cost column: cost[i] = 1 - <q_i, y_m>, accumulated one dimension at a time over all query frames
            // (a loop without a carried dependency, which the JIT vectorises).
            costColumn(qt, recording, m * d, cost);
            cur[0] = cost[0]; // n = 0: free start
            sCur[0] = m;
            if (len > 1) {
                float best = prev1[0];          // n = 1: only steps (1,1) and (1,2) stay inside the matrix
                int bestStart = sPrev1[0];
                if (prev2[0] < best) {
                    best = prev2[0];
                    bestStart = sPrev2[0];
                }
                cur[1] = best + cost[1];
                sCur[1] = bestStart;
            }
            for (int i = 2; i < len; i++) {
                float best = prev1[i - 1];      // step (1,1)
                int bestStart = sPrev1[i - 1];
                float b = prev1[i - 2];         // step (2,1)
                if (b < best) {
                    best = b;
                    bestStart = sPrev1[i - 2];
                }
                float c2 = prev2[i - 1];        // step (1,2)
                if (c2 < best) {
                    best = c2;
                    bestStart = sPrev2[i - 1];
                }
                cur[i] = best + cost[i];        // +infinity stays +infinity
                sCur[i] = bestStart;
            }
            delta[m] = cur[len - 1] * invN;
            if (starts != null) starts[m] = sCur[len - 1];
            float[] tf = prev2; prev2 = prev1; prev1 = cur; cur = tf;
            int[] ti = sPrev2; sPrev2 = sPrev1; sPrev1 = sCur; sCur = ti;
        }
        return delta;
    }

    /**
     * Matching function of the query against recording frames {@code [from, from + frames)}, without start
     * frames: the recursion of a column is then a branch-free minimum over three shifted arrays, which the JIT
     * vectorises.
     */
    private float[] matchingFunction(float[] recording, int from, int frames) {
        final int len = n;
        final int d = dim;
        float[] delta = new float[frames];
        float[] prev2 = new float[len];
        float[] prev1 = new float[len];
        float[] cur = new float[len];
        float[] cost = new float[len];
        java.util.Arrays.fill(prev2, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(prev1, Float.POSITIVE_INFINITY);
        float invN = 1f / len;
        float[] qt = queryByDimension;
        for (int m = 0; m < frames; m++) {
            costColumn(qt, recording, (from + m) * d, cost);
            cur[0] = cost[0];
            if (len > 1) cur[1] = Math.min(prev1[0], prev2[0]) + cost[1];
            for (int i = 2; i < len; i++) {
                cur[i] = Math.min(Math.min(prev1[i - 1], prev1[i - 2]), prev2[i - 1]) + cost[i];
            }
            delta[m] = cur[len - 1] * invN;
            float[] tf = prev2; prev2 = prev1; prev1 = cur; cur = tf;
        }
        return delta;
    }

    /** {@code cost[i] = 1 - <q_i, y>} for the recording frame at {@code yo}, all query frames at once. */
    private void costColumn(float[] qt, float[] recording, int yo, float[] cost) {
        final int len = n;
        if (dim == 12) {
            costColumn12(recording, yo, cost);
            return;
        }
        java.util.Arrays.fill(cost, 1f);
        for (int c = 0; c < dim; c++) {
            float yc = recording[yo + c];
            int base = c * len;
            for (int i = 0; i < len; i++) cost[i] -= qt[base + i] * yc;
        }
    }

    /** Chroma case of {@link #costColumn}: the recording frame lives in registers, one pass over the query. */
    private void costColumn12(float[] r, int yo, float[] cost) {
        final float y0 = r[yo], y1 = r[yo + 1], y2 = r[yo + 2], y3 = r[yo + 3], y4 = r[yo + 4], y5 = r[yo + 5];
        final float y6 = r[yo + 6], y7 = r[yo + 7], y8 = r[yo + 8], y9 = r[yo + 9], y10 = r[yo + 10], y11 = r[yo + 11];
        final float[][] q = queryRows;
        final float[] q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5];
        final float[] q6 = q[6], q7 = q[7], q8 = q[8], q9 = q[9], q10 = q[10], q11 = q[11];
        for (int i = 0; i < n; i++) {
            cost[i] = 1f - (((q0[i] * y0 + q1[i] * y1) + (q2[i] * y2 + q3[i] * y3))
                    + ((q4[i] * y4 + q5[i] * y5) + (q6[i] * y6 + q7[i] * y7))
                    + ((q8[i] * y8 + q9[i] * y9) + (q10[i] * y10 + q11[i] * y11)));
        }
    }

    /**
     * Start frame of the optimal path ending at recording frame {@code end} that starts at {@code lowest} or
     * later (recording frames as in {@link #bestMatch(float[], int, int)}): the accumulated cost is recomputed on the last {@code 2N - 1} frames up to {@code end} (no path is
     * longer) and backtracked, preferring steps
     * (1,1), (2,1), (1,2) on ties — the order of the start propagation in {@link #matchingFunction}.
     */
    public int startOf(float[] recording, int lowest, int end) {
        return pathOf(recording, lowest, end)[0][1];
    }

    /**
     * The optimal path ending at recording frame {@code end} that starts at {@code lowest} or later, as
     * {@code (query frame, recording frame)} pairs from its first cell to {@code (N-1, end)}; its first recording
     * frame is {@link #startOf}. Recomputed on the last {@code 2N - 1} frames up to {@code end} and backtracked,
     * preferring steps (1,1), (2,1), (1,2) on ties.
     */
    public int[][] pathOf(float[] recording, int lowest, int end) {
        final int len = n;
        int from = Math.max(lowest, end - 2 * (len - 1));
        int w = end - from + 1;
        float[][] acc = new float[w][len];
        float[] cost = new float[len];
        float[] none = new float[len];
        java.util.Arrays.fill(none, Float.POSITIVE_INFINITY);
        for (int m = 0; m < w; m++) {
            costColumn(queryByDimension, recording, (from + m) * dim, cost);
            float[] prev1 = m >= 1 ? acc[m - 1] : none;
            float[] prev2 = m >= 2 ? acc[m - 2] : none;
            float[] cur = acc[m];
            cur[0] = cost[0];
            if (len > 1) cur[1] = Math.min(prev1[0], prev2[0]) + cost[1];
            for (int i = 2; i < len; i++) cur[i] = Math.min(Math.min(prev1[i - 1], prev1[i - 2]), prev2[i - 1]) + cost[i];
        }
        List<int[]> path = new ArrayList<>();
        int i = len - 1, m = w - 1;
        path.add(new int[] {i, from + m});
        while (i > 0) {
            float a = m >= 1 ? acc[m - 1][i - 1] : Float.POSITIVE_INFINITY;
            float b = (m >= 1 && i >= 2) ? acc[m - 1][i - 2] : Float.POSITIVE_INFINITY;
            float c = m >= 2 ? acc[m - 2][i - 1] : Float.POSITIVE_INFINITY;
            if (a <= b && a <= c) { i -= 1; m -= 1; }
            else if (b <= c) { i -= 2; m -= 1; }
            else { i -= 1; m -= 2; }
            path.add(new int[] {i, from + m});
        }
        java.util.Collections.reverse(path);
        return path.toArray(new int[0][]);
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
        return bestMatch(recording, 0, frames);
    }

    /**
     * Best match within recording frames {@code [from, from + frames)}; frame numbers of the result count from the
     * start of {@code recording}.
     */
    public DtwMatch bestMatch(float[] recording, int from, int frames) {
        DtwMatch end = bestEnd(recording, from, frames);
        return end == null ? null : new DtwMatch(end.cost(), startOf(recording, from, end.endFrame()), end.endFrame());
    }

    /**
     * Like {@link #bestMatch(float[], int, int)} but without locating the start ({@code startFrame} is -1), which
     * saves the backtracking when only the cost and end are needed, e.g. to rank many recordings before the
     * start of the few best is looked up with {@link #startOf}.
     */
    public DtwMatch bestEnd(float[] recording, int from, int frames) {
        if (recording.length < (from + frames) * dim) throw new IllegalArgumentException("recording shorter than (from+frames)*D");
        float[] delta = matchingFunction(recording, from, frames);
        int best = -1;
        float bestCost = Float.POSITIVE_INFINITY;
        for (int m = 0; m < frames; m++) {
            if (delta[m] < bestCost) {
                bestCost = delta[m];
                best = m;
            }
        }
        return best < 0 ? null : new DtwMatch(bestCost, -1, from + best);
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

}
