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

    /** The raw FIR outputs (no length fix, no scaling), four at a time where the support lies inside the signal. */
    void fir(float[] x, long inStart, long inputLength, float[] y, int outOffset, long first, int count) {
        int i = 0;
        int nt = taps.length;
        // 4 outputs at a time: independent accumulators keep the FPU pipeline busy
        for (; i + 3 < count; i += 4) {
            long n0 = (first + i) * step;
            long n3 = (first + i + 3) * step;
            if (n0 - before < 0 || n3 + after > inputLength - 1) {
                for (int u = i; u < i + 4; u++) y[outOffset + u] = edgeSample(x, inStart, inputLength, (first + u) * step);
                continue;
            }
            int s0 = (int) (n0 - before - inStart), s1 = s0 + step, s2 = s1 + step, s3 = s2 + step;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = 0; j < nt; j++) {
                double h = taps[j];
                a0 += h * x[s0 + j];
                a1 += h * x[s1 + j];
                a2 += h * x[s2 + j];
                a3 += h * x[s3 + j];
            }
            y[outOffset + i] = (float) a0;
            y[outOffset + i + 1] = (float) a1;
            y[outOffset + i + 2] = (float) a2;
            y[outOffset + i + 3] = (float) a3;
        }
        for (; i < count; i++) y[outOffset + i] = edgeSample(x, inStart, inputLength, (first + i) * step);
    }

    /** One output of the FIR, with the support clipped to the signal as resampy's wing limits do. */
    private float edgeSample(float[] x, long inStart, long inputLength, long n) {
        long jFrom = Math.max(-before, -n);
        long jTo = Math.min(after, inputLength - 1 - n);
        double acc = 0;
        for (long j = jFrom; j <= jTo; j++) acc += taps[(int) (j + before)] * x[(int) (n + j - inStart)];
        return (float) acc;
    }
}
