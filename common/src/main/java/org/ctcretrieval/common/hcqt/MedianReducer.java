package org.ctcretrieval.common.hcqt;

/**
 * Reduces each row's hop-rate powers (squared magnitudes) to the two middle values (lower and upper median) of
 * every feature frame of a range of feature frames, and tracks the maximum. Because the dB mapping is monotone, the median of the dB
 * values of a frame is the mean of the mapped lower and upper medians, so the full-rate HCQT need not be kept.
 */
final class MedianReducer implements CqtRunner.Sink {
    private final int rows;
    private final int[] bounds;
    private final int firstGroup;
    private final int frameOffset;
    private final int[] groupOf;
    /** The powers of the current feature frame of every row: hop frame p of it, row r at {@code [p][r]}. */
    private final float[][] scratch;
    /** The lower and upper medians of the group being completed, row r at {@code [r]}. */
    private final float[] groupLower;
    private final float[] groupUpper;
    private final float[] rowMax;
    private final float[] lower;
    private final float[] upper;

    /** A reducer of all feature frames of {@code bounds}. */
    MedianReducer(int rows, int[] bounds) {
        this(rows, bounds, 0, bounds.length - 1);
    }

    /**
     * A reducer of feature frames {@code g0 … g1 − 1}, i.e. hop frames {@code bounds[g0] … bounds[g1] − 1}.
     *
     * @param bounds feature frame boundaries ({@link FrameGrid}); only entries g0 … g1 are read
     */
    MedianReducer(int rows, int[] bounds, int g0, int g1) {
        this.rows = rows;
        this.firstGroup = g0;
        this.bounds = java.util.Arrays.copyOfRange(bounds, g0, g1 + 1);
        this.frameOffset = this.bounds[0];
        int nFrames = this.bounds[this.bounds.length - 1] - frameOffset;
        int groups = this.bounds.length - 1;
        groupOf = new int[nFrames];
        int maxLen = 1;
        for (int g = 0; g < groups; g++) {
            maxLen = Math.max(maxLen, this.bounds[g + 1] - this.bounds[g]);
            for (int j = this.bounds[g]; j < this.bounds[g + 1]; j++) groupOf[j - frameOffset] = g;
        }
        scratch = new float[maxLen][rows];
        groupLower = new float[rows];
        groupUpper = new float[rows];
        rowMax = new float[rows];
        long size = (long) rows * groups;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("recording too long: " + groups + " frames");
        lower = new float[(int) size];
        upper = new float[(int) size];
    }

    /**
     * Rows arrive in runs of consecutive rows, so every step is a loop over arrays indexed by the row alone (the form
     * the JIT vectorises); the minima and maxima are those of a row at a time, so the results are the same.
     */
    @Override
    public void put(int frame, int firstRow, double[] powers, int count) {
        int g = groupOf[frame - frameOffset];
        int start = bounds[g];
        int end = bounds[g + 1];
        float[] s = scratch[frame - start];
        for (int i = 0; i < count; i++) s[firstRow + i] = (float) powers[i];
        float[] m = rowMax;
        for (int r = firstRow, e = firstRow + count; r < e; r++) m[r] = Math.max(m[r], s[r]);
        if (frame == end - 1) finish(firstRow, count, end - start, g * rows + firstRow);
    }

    /** Stores the lower and upper medians of rows {@code firstRow …} of a completed group of {@code len} frames. */
    private void finish(int firstRow, int count, int len, int out) {
        float[] lo = groupLower;
        float[] up = groupUpper;
        int e = firstRow + count;
        if (len == 3) {
            float[] s0 = scratch[0];
            float[] s1 = scratch[1];
            float[] s2 = scratch[2];
            for (int r = firstRow; r < e; r++) {
                float a = s0[r];
                float b = s1[r];
                lo[r] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), s2[r]));
            }
            System.arraycopy(lo, firstRow, lower, out, count);
            System.arraycopy(lo, firstRow, upper, out, count);
            return;
        }
        if (len == 4) {
            float[] s0 = scratch[0];
            float[] s1 = scratch[1];
            float[] s2 = scratch[2];
            float[] s3 = scratch[3];
            for (int r = firstRow; r < e; r++) {
                // with pairs (a ≤ b), (c ≤ d), the middle two are max(a, c) and min(b, d)
                float a = Math.min(s0[r], s1[r]);
                float b = Math.max(s0[r], s1[r]);
                float c = Math.min(s2[r], s3[r]);
                float d = Math.max(s2[r], s3[r]);
                float x = Math.max(a, c);
                float y = Math.min(b, d);
                lo[r] = Math.min(x, y);
                up[r] = Math.max(x, y);
            }
        } else {
            float[] v = new float[len];
            for (int r = firstRow; r < e; r++) {
                for (int p = 0; p < len; p++) v[p] = scratch[p][r];
                sortSmall(v, len);
                lo[r] = v[(len - 1) / 2];
                up[r] = v[len / 2];
            }
        }
        System.arraycopy(lo, firstRow, lower, out, count);
        System.arraycopy(up, firstRow, upper, out, count);
    }

    /** Insertion sort for the rare groups of other sizes (the last frame). */
    private static void sortSmall(float[] a, int len) {
        for (int i = 1; i < len; i++) {
            float v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Median magnitude per feature frame and row (mean of lower and upper median magnitude), {@code [T][rows]}. */
    float[][] medianMagnitudes() {
        int groups = bounds.length - 1;
        float[][] out = new float[groups][rows];
        for (int g = 0; g < groups; g++) {
            for (int r = 0; r < rows; r++) {
                int idx = g * rows + r;
                out[g][r] = (float) ((Math.sqrt(lower[idx]) + Math.sqrt(upper[idx])) / 2);
            }
        }
        return out;
    }

    HcqtFeatures result() {
        return new HcqtFeatures(bounds, rows, lower, upper, maxPower());
    }

    /** The largest power seen. */
    float maxPower() {
        float max = 0;
        for (float v : rowMax) max = Math.max(max, v);
        return max;
    }

    /** The reduced feature frames as a block. */
    ReducedBlock block() {
        return new ReducedBlock(firstGroup, bounds.length - 1, rows, lower, upper, maxPower());
    }
}
