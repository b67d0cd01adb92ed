package org.ctcretrieval.common.dsp;

/**
 * {@code librosa.resample(x, 1, 1/step, res_type, fix=True, scale)} for an integer decimation factor {@code step}
 * (resampy &lt; 0.4 sinc interpolation, see {@link Resampler}), evaluable on any stretch of the output from a
 * stretch of the input, so that long signals can be resampled piece by piece with results identical to
 * {@link Resampler#resample(float[], double, double, Resampler.Filter, boolean)} on the whole signal.
 *
 * <p>With an integer step, output {@code t} sits exactly at input sample {@code n = t·step}: resampy's left wing
 * starts at table offset 0 and its right wing at {@code int(scale·512)}, with the same interpolation factor for every
 * output, so the filter is a plain FIR whose taps are computed once. Output t reads inputs
 * {@code n − before() … n + after()}, clipped to the signal (resampy's wing limits); outputs at and beyond
 * {@code int(len/step)} are zero (librosa's length fix pads resampy's shorter output with zeros).
 */
public final class Decimator {
    private final int step;
    private final double[] taps;
    /** {@link #taps} followed by zeros up to a multiple of four. */
    private final double[] paddedTaps;
    private final int before;
    private final int after;
    private final double ratio;
    private final boolean scale;
    private final float scaleDivisor;

    /**
     * @param step   decimation factor (≥ 1)
     * @param filter resampling filter
     * @param scale  divide the output by {@code sqrt(1/step)} (librosa's {@code scale=True})
     */
    public Decimator(int step, Resampler.Filter filter, boolean scale) {
        this(step, 1.0 / step, scaledTable(filter, 1.0 / step), scale);
    }

    private Decimator(int step, double ratio, double[] win, boolean scale) {
        this(step, ratio, win, deltas(win), scale);
    }

    Decimator(int step, double ratio, double[] win, double[] delta) {
        this(step, ratio, win, delta, false);
    }

    private Decimator(int step, double ratio, double[] win, double[] delta, boolean scale) {
        if (step < 1) throw new IllegalArgumentException("decimation factor must be >= 1: " + step);
        this.step = step;
        this.ratio = ratio;
        this.scale = scale;
        this.scaleDivisor = (float) Math.sqrt(ratio);
        double sc = Math.min(1.0, ratio);
        int indexStep = (int) (sc * Resampler.TABLE_DENSITY);
        int nwin = win.length;
        // left wing: x[n - i], table index i·indexStep, eta = 0
        int nLeft = nwin / indexStep;
        // right wing: x[n + 1 + k], table index offset + k·indexStep
        double indexFrac = sc * Resampler.TABLE_DENSITY;
        int offset = (int) indexFrac;
        double eta = indexFrac - offset;
        int nRight = (nwin - offset) / indexStep;
        // taps[j] multiplies x[n - (nLeft - 1) + j]
        taps = new double[nLeft + nRight];
        for (int i = 0; i < nLeft; i++) taps[nLeft - 1 - i] = win[i * indexStep];
        for (int k = 0; k < nRight; k++) {
            int idx = offset + k * indexStep;
            taps[nLeft + k] = win[idx] + eta * delta[idx];
        }
        before = nLeft - 1;
        after = nRight;
        paddedTaps = java.util.Arrays.copyOf(taps, (taps.length + 3) / 4 * 4);
    }

    private static double[] scaledTable(Resampler.Filter filter, double ratio) {
        double[] win = filter.table();
        if (ratio >= 1) return win;
        double[] scaled = new double[win.length];
        for (int i = 0; i < win.length; i++) scaled[i] = win[i] * ratio;
        return scaled;
    }

    private static double[] deltas(double[] win) {
        double[] delta = new double[win.length];
        for (int i = 0; i < win.length - 1; i++) delta[i] = win[i + 1] - win[i];
        return delta;
    }

    /** Decimation factor. */
    public int step() {
        return step;
    }

    /** Input samples before {@code t·step} that output t reads. */
    public int before() {
        return before;
    }

    /** Input samples after {@code t·step} that output t reads. */
    public int after() {
        return after;
    }

    /** Output length for an input of {@code inputLength} samples: {@code ceil(len/step)} (librosa's fix). */
    public long outputLength(long inputLength) {
        return (long) Math.ceil(inputLength * ratio);
    }

    /** Outputs computed by resampy for an input of {@code inputLength} samples, {@code int(len/step)}. */
    public long computedLength(long inputLength) {
        return (long) (inputLength * ratio);
    }

    /**
     * Computes outputs {@code first … first + count − 1} of the resampled signal.
     *
     * @param in          a stretch of the input: {@code in[i]} is input sample {@code inStart + i}; it must cover
     *                    every input sample the outputs read ({@code first·step − before()} to
     *                    {@code (first + count − 1)·step + after()}, clipped to {@code [0, inputLength)})
     * @param inStart     position of {@code in[0]} in the input signal
     * @param inputLength length of the whole input signal
     * @param out         receives the outputs at {@code out[outOffset …]}
     * @param outOffset   where in {@code out} to store output {@code first}
     * @param first       first output sample
     * @param count       number of outputs
     */
    public void apply(float[] in, long inStart, long inputLength, float[] out, int outOffset, long first, int count) {
        long computed = computedLength(inputLength);
        int firm = (int) Math.max(0, Math.min(count, computed - first));
        fir(in, inStart, inputLength, out, outOffset, first, firm);
        for (int i = firm; i < count; i++) out[outOffset + i] = 0f;
        if (scale) {
            float s = scaleDivisor;
            for (int i = 0; i < firm; i++) out[outOffset + i] /= s;
        }
    }

    /** Outputs per block of the polyphase loop (its scratch arrays stay in the L1/L2 cache). */
    private static final int BLOCK = 512;
    /** Stretches of outputs computed side by side by the lane loop, one vector lane each. */
    static final int LANES = 64;
    /** Outputs per lane and pass of the lane loop (its rows of input stay in the L2 cache). */
    private static final int LANE_BLOCK = 256;
    /** Interior outputs from which the lane loop is used (below, the polyphase loop). */
    static final int MIN_LANE_OUTPUTS = 4 * LANES;

    /**
     * The raw FIR outputs (no length fix, no scaling). Outputs whose support lies inside the signal run in blocks
     * as a polyphase filter: the input is split into its {@code step} phases, and tap j adds {@code taps[j]} times
     * a contiguous stretch of phase {@code j mod step} to a block of accumulators, eight taps per pass (fewer
     * loads and stores of the accumulators), in loops the JIT can vectorise.
     * Every output still sums its taps in ascending order in double precision, each tap a fused multiply-add
     * ({@link Math#fma}: one instruction, one rounding), so the results are bit-identical to the direct form (one
     * output at a time, {@link #edgeSample}).
     */
    void fir(float[] x, long inStart, long inputLength, float[] y, int outOffset, long first, int count) {
        // outputs [lo, hi) have their whole support inside the signal
        long lo = Math.max(0, Math.min(count, ceilDiv(before - first * step, step)));
        long hiLimit = Math.floorDiv(inputLength - 1 - after, (long) step) - first + 1;
        long hi = Math.max(lo, Math.min(count, hiLimit));
        for (int i = 0; i < lo; i++) y[outOffset + i] = edgeSample(x, inStart, inputLength, (first + i) * step);
        if (hi - lo >= MIN_LANE_OUTPUTS) {
            lanes(x, inStart, y, outOffset, first, (int) lo, (int) hi);
        } else {
            polyphase(x, inStart, y, outOffset, first, lo, hi);
        }
        for (long i = hi; i < count; i++) y[(int) (outOffset + i)] = edgeSample(x, inStart, inputLength, (first + i) * step);
    }

    /**
     * Outputs {@code lo … hi − 1} (relative to {@code first}), whose support lies inside the signal, as
     * {@link #LANES} stretches of consecutive outputs side by side: input sample {@code m} of every stretch's
     * support is gathered into {@code rows[m][lane]}, so that each tap adds its coefficient times one row to a row
     * of accumulators, a loop over the lanes that the JIT vectorises ({@link MultiplyAdd}). Every output still sums
     * its taps in ascending order, one fused multiply-add each; the taps are padded with zeros to a multiple of four,
     * which adds exact zeros to sums that are never −0. Bit-identical to the direct form.
     */
    private void lanes(float[] x, long inStart, float[] y, int outOffset, long first, int lo, int hi) {
        int c = hi - lo;
        int perLane = (c + LANES - 1) / LANES;
        double[] h = paddedTaps;
        int ntp = h.length;
        int block = Math.min(LANE_BLOCK, perLane);
        double[][] rows = new double[(block - 1) * step + ntp][LANES];
        double[] acc = new double[LANES];
        int s0 = (int) ((first + lo) * step - before - inStart); // input index of tap 0 of output lo
        for (int i0 = 0; i0 < perLane; i0 += block) {
            int b = Math.min(block, perLane - i0);
            int nRows = (b - 1) * step + ntp;
            for (int l = 0; l < LANES; l++) {
                // input index of row 0 in lane l; reads past the stretch (lanes past the last output, and the
                // zero taps of the padding) are zeros
                int base = s0 + (l * perLane + i0) * step;
                int valid = Math.max(0, Math.min(nRows, x.length - base));
                for (int m = 0; m < valid; m++) rows[m][l] = x[base + m];
                for (int m = valid; m < nRows; m++) rows[m][l] = 0;
            }
            for (int i = 0; i < b; i++) {
                java.util.Arrays.fill(acc, 0.0);
                int m = i * step;
                for (int j = 0; j < ntp; j += 4) {
                    MultiplyAdd.add4(acc, h[j], rows[m + j], h[j + 1], rows[m + j + 1], h[j + 2], rows[m + j + 2],
                            h[j + 3], rows[m + j + 3]);
                }
                for (int l = 0, out = i0 + i; l < LANES && out < c; l++, out += perLane) {
                    y[outOffset + lo + out] = (float) acc[l];
                }
            }
        }
    }

    /** Outputs {@code lo … hi − 1} (support inside the signal) by the blocked polyphase loop. */
    private void polyphase(float[] x, long inStart, float[] y, int outOffset, long first, long lo, long hi) {
        int nt = taps.length;
        int reachPerPhase = (nt + step - 1) / step; // taps per phase, rounded up
        // phases held as doubles (converted once, exactly) so the tap loop is pure double arithmetic
        double[][] phase = new double[step][BLOCK + reachPerPhase];
        double[] acc = new double[BLOCK];
        for (long b0 = lo; b0 < hi; b0 += BLOCK) {
            int c = (int) Math.min(BLOCK, hi - b0);
            int s0 = (int) ((first + b0) * step - before - inStart); // input index of tap 0 of output b0
            int need = c + reachPerPhase;
            for (int r = 0; r < step; r++) {
                double[] ph = phase[r];
                int limit = Math.min(need, (x.length - s0 - r + step - 1) / step);
                for (int m = 0; m < limit; m++) ph[m] = x[s0 + r + m * step];
            }
            java.util.Arrays.fill(acc, 0, c, 0.0);
            int j = 0;
            // eight taps per pass over the accumulators, added one after the other (the same order as tap by tap)
            for (; j + 7 < nt; j += 8) {
                double h0 = taps[j], h1 = taps[j + 1], h2 = taps[j + 2], h3 = taps[j + 3];
                double h4 = taps[j + 4], h5 = taps[j + 5], h6 = taps[j + 6], h7 = taps[j + 7];
                double[] p0 = phase[j % step], p1 = phase[(j + 1) % step];
                double[] p2 = phase[(j + 2) % step], p3 = phase[(j + 3) % step];
                double[] p4 = phase[(j + 4) % step], p5 = phase[(j + 5) % step];
                double[] p6 = phase[(j + 6) % step], p7 = phase[(j + 7) % step];
                int q0 = j / step, q1 = (j + 1) / step, q2 = (j + 2) / step, q3 = (j + 3) / step;
                int q4 = (j + 4) / step, q5 = (j + 5) / step, q6 = (j + 6) / step, q7 = (j + 7) / step;
                for (int i = 0; i < c; i++) {
                    double a = Math.fma(h0, p0[i + q0], acc[i]);
                    a = Math.fma(h1, p1[i + q1], a);
                    a = Math.fma(h2, p2[i + q2], a);
                    a = Math.fma(h3, p3[i + q3], a);
                    a = Math.fma(h4, p4[i + q4], a);
                    a = Math.fma(h5, p5[i + q5], a);
                    a = Math.fma(h6, p6[i + q6], a);
                    acc[i] = Math.fma(h7, p7[i + q7], a);
                }
            }
            for (; j < nt; j++) {
                double h = taps[j];
                double[] ph = phase[j % step];
                int q = j / step;
                for (int i = 0; i < c; i++) acc[i] = Math.fma(h, ph[i + q], acc[i]);
            }
            int o = (int) (outOffset + b0);
            for (int i = 0; i < c; i++) y[o + i] = (float) acc[i];
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** One output of the FIR, with the support clipped to the signal as resampy's wing limits do. */
    float edgeSample(float[] x, long inStart, long inputLength, long n) {
        long jFrom = Math.max(-before, -n);
        long jTo = Math.min(after, inputLength - 1 - n);
        double acc = 0;
        for (long j = jFrom; j <= jTo; j++) acc = Math.fma(taps[(int) (j + before)], x[(int) (n + j - inStart)], acc);
        return (float) acc;
    }
}
