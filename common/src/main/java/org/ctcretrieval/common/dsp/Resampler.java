package org.ctcretrieval.common.dsp;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Band-limited sinc interpolation compatible with resampy before version 0.4 (the resampler of librosa 0.7/0.8),
 * wrapped with the length fix and optional energy scaling of {@code librosa.resample}.
 *
 * <p>Algorithm (resampy {@code resample_f}): the right half of a Kaiser-windowed sinc is tabulated with 512 entries
 * per zero crossing; every output sample {@code t} sits at input time {@code τ} (a register that starts at 0 and is
 * advanced by {@code 1/ratio} per output, exactly as resampy accumulates it), and is the sum of the input samples
 * within the filter support, each weighted by the table linearly interpolated at distance {@code |τ - n|·scale·512}
 * with {@code scale = min(1, ratio)}. When downsampling, the table is multiplied by the ratio (so the low-pass
 * keeps unit passband gain) and stretched by {@code 1/ratio}. Table positions advance in steps of
 * {@code int(scale·512)}, as in resampy.
 *
 * <p>resampy accumulates into the output's float32 array, rounding after every tap; here taps are accumulated in
 * double precision and rounded once, which differs from resampy by at most a few float32 ulp.
 *
 * <p>Speed: when {@code 1/ratio} is an integer (2:1 octave halving in the CQT, 4:1 early downsampling), the time
 * register is always an integer, every output uses the same taps, and the filter runs as a plain FIR with
 * precomputed taps ({@link Decimator}, which also evaluates any stretch of the output on its own); long signals are
 * split into blocks computed in parallel. {@link StreamingResampler} gives the same output for a signal that arrives
 * block by block.
 */
public final class Resampler {
    /** Table entries per zero crossing: resampy precision 9, i.e. 2<sup>9</sup>. */
    public static final int TABLE_DENSITY = 512;

    /** Outputs per parallel block; below twice this, the work stays on the calling thread. */
    private static final int BLOCK = 1 << 15;

    /**
     * The Kaiser-windowed sinc filters of resampy &lt; 0.4 (files {@code kaiser_best.npz} / {@code kaiser_fast.npz},
     * built by {@code sinc_window(num_zeros, precision=9, window=kaiser(beta), rolloff)}). resampy 0.4 changed these
     * constants; the old ones are kept for reproducibility of librosa 0.7 features.
     */
    public enum Filter {
        /** 64 zero crossings, Kaiser β 14.769656459379492, rolloff 0.9475937167399596 (librosa's default). */
        KAISER_BEST(64, 14.769656459379492, 0.9475937167399596),
        /** 16 zero crossings, Kaiser β 8.555504641634386, rolloff 0.85 (used inside the CQT). */
        KAISER_FAST(16, 8.555504641634386, 0.85);

        private final int zeroCrossings;
        private final double beta;
        private final double rolloff;
        private volatile double[] table;

        Filter(int zeroCrossings, double beta, double rolloff) {
            this.zeroCrossings = zeroCrossings;
            this.beta = beta;
            this.rolloff = rolloff;
        }

        /** Number of zero crossings of the sinc on each side. */
        public int zeroCrossings() {
            return zeroCrossings;
        }

        /** Kaiser window shape parameter β. */
        public double beta() {
            return beta;
        }

        /** Cutoff of the low-pass as a fraction of the (lower) Nyquist frequency. */
        public double rolloff() {
            return rolloff;
        }

        /**
         * Continuous filter value at {@code x} zero crossings from the centre (0 ≤ x ≤ zeroCrossings):
         * {@code rolloff·sinc(rolloff·x)·I0(β·sqrt(1-(x/Z)²))/I0(β)}.
         */
        public double value(double x) {
            double u = x / zeroCrossings;
            double taper = Bessel.i0(beta * Math.sqrt(Math.max(0.0, 1.0 - u * u))) / Bessel.i0(beta);
            return rolloff * sinc(rolloff * x) * taper;
        }

        /**
         * The tabulated right half window: {@code zeroCrossings·512 + 1} entries, entry {@code m} at
         * {@code m/512} zero crossings. Shared; do not modify.
         */
        double[] table() {
            double[] t = table;
            if (t == null) {
                synchronized (this) {
                    t = table;
                    if (t == null) {
                        int n = TABLE_DENSITY * zeroCrossings;
                        t = new double[n + 1];
                        double i0Beta = Bessel.i0(beta);
                        double step = (double) zeroCrossings / n; // numpy linspace(0, Z, n + 1)
                        for (int m = 0; m <= n; m++) {
                            double x = m == n ? zeroCrossings : m * step;
                            double u = (double) m / n; // Kaiser window of length 2n+1, right half
                            double taper = Bessel.i0(beta * Math.sqrt(Math.max(0.0, 1.0 - u * u))) / i0Beta;
                            t[m] = taper * (rolloff * sinc(rolloff * x));
                        }
                        table = t;
                    }
                }
            }
            return t;
        }
    }

    private Resampler() {
    }

    /** Normalised sinc, sin(πx)/(πx), 1 at 0 (numpy {@code sinc}). */
    static double sinc(double x) {
        if (x == 0.0) return 1.0;
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /**
     * {@code librosa.resample(x, srOrig, srNew, res_type, fix=True, scale=False)}: resampy output length-fixed to
     * {@code ceil(len·srNew/srOrig)} samples (trimmed or zero-padded at the end).
     *
     * @param x      input samples (not modified)
     * @param srOrig input sample rate in Hz (&gt; 0)
     * @param srNew  output sample rate in Hz (&gt; 0)
     * @param filter {@link Filter#KAISER_BEST} (librosa's default for loading) or {@link Filter#KAISER_FAST}
     * @return resampled samples; a copy of {@code x} when the rates are equal
     * @throws IllegalArgumentException if a rate is not positive or the input is too short to give one sample
     */
    public static float[] resample(float[] x, double srOrig, double srNew, Filter filter) {
        return resample(x, srOrig, srNew, filter, false);
    }

    /**
     * {@code librosa.resample(x, srOrig, srNew, res_type, fix=True, scale)}. With {@code scale}, the output is
     * divided by {@code sqrt(srNew/srOrig)} (in float32, as numpy does in place on a float32 array) so that the
     * total energy is about preserved; the CQT uses this when it halves the rate per octave.
     *
     * @param scale divide by sqrt of the rate ratio
     * @see #resample(float[], double, double, Filter)
     */
    public static float[] resample(float[] x, double srOrig, double srNew, Filter filter, boolean scale) {
        checkRates(srOrig, srNew);
        if (srOrig == srNew) return x.clone();
        double ratio = srNew / srOrig;
        int nSamples = (int) Math.ceil(x.length * ratio);
        float[] y = resampy(x, srOrig, srNew, filter);
        if (y.length != nSamples) y = Arrays.copyOf(y, nSamples);
        if (scale) {
            float s = (float) Math.sqrt(ratio);
            for (int i = 0; i < y.length; i++) y[i] /= s;
        }
        return y;
    }

    /**
     * Raw {@code resampy.resample(x, srOrig, srNew, filter)}: output length {@code int(len·srNew/srOrig)}.
     *
     * @throws IllegalArgumentException if a rate is not positive or the output would be empty
     */
    public static float[] resampy(float[] x, double srOrig, double srNew, Filter filter) {
        checkRates(srOrig, srNew);
        double ratio = srNew / srOrig;
        int nOut = (int) (x.length * ratio);
        if (nOut < 1) {
            throw new IllegalArgumentException("input signal length=" + x.length + " is too small to resample from "
                    + srOrig + "->" + srNew);
        }
        double[] win = filter.table();
        if (ratio < 1) {
            double[] scaled = new double[win.length];
            for (int i = 0; i < win.length; i++) scaled[i] = win[i] * ratio;
            win = scaled;
        }
        double[] delta = new double[win.length];
        for (int i = 0; i < win.length - 1; i++) delta[i] = win[i + 1] - win[i];

        float[] y = new float[nOut];
        double increment = 1.0 / ratio;
        if (increment == Math.rint(increment) && increment < (1 << 30)) {
            integerStep(x, y, (int) increment, ratio, win, delta);
        } else {
            general(x, y, ratio, win, delta);
        }
        return y;
    }

    private static void checkRates(double srOrig, double srNew) {
        if (!(srOrig > 0)) throw new IllegalArgumentException("invalid sample rate: sr_orig=" + srOrig);
        if (!(srNew > 0)) throw new IllegalArgumentException("invalid sample rate: sr_new=" + srNew);
    }

    /**
     * Integer decimation factor {@code step}: output t sits exactly at input sample {@code n = t·step}; see
     * {@link Decimator}.
     */
    private static void integerStep(float[] x, float[] y, int step, double ratio, double[] win, double[] delta) {
        Decimator d = new Decimator(step, ratio, win, delta);
        int n = x.length;
        forBlocks(y.length, (from, to) -> d.fir(x, 0, n, y, from, from, to - from));
    }

    /** resampy's {@code resample_f} for an arbitrary ratio. */
    private static void general(float[] x, float[] y, double ratio, double[] win, double[] delta) {
        double scale = Math.min(1.0, ratio);
        double increment = 1.0 / ratio;
        int indexStep = (int) (scale * TABLE_DENSITY);
        int nwin = win.length;
        int nOrig = x.length;
        int nOut = y.length;
        // the time register is a running sum; record its value at each block start so blocks can run in parallel
        int nBlocks = (nOut + BLOCK - 1) / BLOCK;
        double[] startRegister = new double[nBlocks];
        double reg = 0.0;
        for (int t = 0; t < nOut; t++) {
            if (t % BLOCK == 0) startRegister[t / BLOCK] = reg;
            reg += increment;
        }
        forBlocks(nOut, (from, to) -> {
            double timeRegister = startRegister[from / BLOCK];
            for (int t = from; t < to; t++) {
                int n = (int) timeRegister;
                double frac = scale * (timeRegister - n);
                double indexFrac = frac * TABLE_DENSITY;
                int offset = (int) indexFrac;
                double eta = indexFrac - offset;
                double acc = 0.0;
                int iMax = Math.min(n + 1, (nwin - offset) / indexStep);
                for (int i = 0; i < iMax; i++) {
                    int idx = offset + i * indexStep;
                    acc += (win[idx] + eta * delta[idx]) * x[n - i];
                }
                frac = scale - frac;
                indexFrac = frac * TABLE_DENSITY;
                offset = (int) indexFrac;
                eta = indexFrac - offset;
                int kMax = Math.min(nOrig - n - 1, (nwin - offset) / indexStep);
                for (int k = 0; k < kMax; k++) {
                    int idx = offset + k * indexStep;
                    acc += (win[idx] + eta * delta[idx]) * x[n + k + 1];
                }
                y[t] = (float) acc;
                timeRegister += increment;
            }
        });
    }

    private interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, n) in blocks of {@link #BLOCK} outputs, in parallel when there are several. */
    private static void forBlocks(int n, Range body) {
        int nBlocks = (n + BLOCK - 1) / BLOCK;
        if (nBlocks < 2) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, nBlocks).parallel().forEach(b -> body.run(b * BLOCK, Math.min(n, (b + 1) * BLOCK)));
    }
}
