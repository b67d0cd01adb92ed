package org.ctcretrieval.common.hcqt;

import java.util.List;
import org.ctcretrieval.common.dsp.MultiplyAdd;

/**
 * STFT frames by a sliding DFT: where the hop is short against the FFT length (the low octaves: hop 2 … 64 samples
 * for 512 … 1024-point frames), frame t + 1 follows from frame t in {@code O(hop)} operations per bin instead of a
 * whole FFT per frame. With {@code W = e^{−2πi/N}} and frame t starting at sample s,
 *
 * <pre>  X_{t+1}[k] = W^{−k·hop} · (X_t[k] + Σ_{m &lt; hop} (x[s + N + m] − x[s + m]) · W^{k·m})</pre>
 *
 * only over the bins the bases use. Every {@link #ANCHOR_INTERVAL}-th frame (t a multiple of it) is computed by an
 * FFT ({@link FftSpectrum}) and the frames between slide from it, so the rounding error stays at the level of a few
 * dozen double-precision operations (relative 1e-14 of the frame's energy, far below the float32 the spectrum is
 * stored in), and every frame's value depends only on t: a chunk starting anywhere gives the same frames as the
 * whole signal (chunks start sliding at the anchor before their first frame, {@link #anchor}).
 *
 * <p>The inner loops run over the bins, contiguous double arrays the JIT vectorises.
 */
final class SlidingSpectrum implements FrameSpectrum {
    /** Frames between FFT-computed anchors. */
    static final int ANCHOR_INTERVAL = 64;

    private final FftSpectrum fft;
    private final SignalStretch signal;
    private final int nFft;
    private final int hop;
    private final int half;
    private final int lo;
    private final int bins;
    /** {@code W^{k·m}} for m &lt; hop, k = lo … hi: {@code [m][k − lo]}. */
    private final double[][] twRe;
    private final double[][] twIm;
    /** {@code W^{−k·hop}}. */
    private final double[] rotRe;
    private final double[] rotIm;
    /** Frame {@link #current} in double precision. */
    private final double[] re;
    private final double[] im;
    private final double[] diff;
    private int current = Integer.MIN_VALUE;

    /**
     * Whether sliding costs less than an FFT per frame. Measured with the vectorised loops: 1.6-1.8 times faster at
     * hop = nFft / 16 (1024-point frames, hop 64), 1.35 times at 512-point frames and hop 32; break-even at nFft / 8.
     */
    static boolean pays(Stage.StftKey key) {
        return (long) key.hop() * 16 <= key.nFft();
    }

    /** The FFT-computed frame that frame {@code t} slides from. */
    static int anchor(int t) {
        return t - Math.floorMod(t, ANCHOR_INTERVAL);
    }

    /** @param fft the same frames by FFT (for the anchors) */
    SlidingSpectrum(FftSpectrum fft, SignalStretch signal, Stage.StftKey key, List<Stage> stages) {
        this.fft = fft;
        this.signal = signal;
        this.nFft = key.nFft();
        this.hop = key.hop();
        this.half = nFft / 2;
        this.lo = FftSpectrum.lowestBin(stages, half);
        this.bins = Math.max(0, FftSpectrum.highestBin(stages) - lo + 1);
        twRe = new double[hop][bins];
        twIm = new double[hop][bins];
        rotRe = new double[bins];
        rotIm = new double[bins];
        for (int j = 0; j < bins; j++) {
            long k = lo + j;
            for (int m = 0; m < hop; m++) {
                // the angle reduced exactly modulo N before scaling keeps the table accurate to the last bit
                double a = 2 * Math.PI * ((k * m) % nFft) / nFft;
                twRe[m][j] = Math.cos(a);
                twIm[m][j] = -Math.sin(a);
            }
            double a = 2 * Math.PI * ((k * hop) % nFft) / nFft;
            rotRe[j] = Math.cos(a);
            rotIm[j] = Math.sin(a);
        }
        re = new double[bins];
        im = new double[bins];
        diff = new double[hop];
    }

    @Override
    public void compute(int t, double[][] outRe, double[][] outIm, int lane) {
        if (t == current + 1 && Math.floorMod(t, ANCHOR_INTERVAL) != 0) {
            slide();
        } else if (t != current) {
            int a = anchor(t);
            fft.computeExact(a, re, im);
            current = a;
            while (current < t) slide();
        }
        for (int j = 0; j < bins; j++) {
            // librosa stores the STFT as complex64
            outRe[lo + j][lane] = (float) re[j];
            outIm[lo + j][lane] = (float) im[j];
        }
    }

    /** Frame {@code current + 1} from frame {@code current}. */
    private void slide() {
        int s = current * hop - half;
        if (signal.inside(s, s + nFft + hop)) {
            float[] x = signal.x();
            for (int m = 0, i = s - signal.start(); m < hop; m++, i++) diff[m] = (double) x[i + nFft] - x[i];
        } else {
            for (int m = 0; m < hop; m++) diff[m] = (double) signal.at(s + nFft + m) - signal.at(s + m);
        }
        int m = 0;
        // four samples per pass over the bins: fewer loads and stores of the running sums
        for (; m + 3 < hop; m += 4) {
            double d0 = diff[m];
            double d1 = diff[m + 1];
            double d2 = diff[m + 2];
            double d3 = diff[m + 3];
            MultiplyAdd.add4(re, d0, twRe[m], d1, twRe[m + 1], d2, twRe[m + 2], d3, twRe[m + 3]);
            MultiplyAdd.add4(im, d0, twIm[m], d1, twIm[m + 1], d2, twIm[m + 2], d3, twIm[m + 3]);
        }
        for (; m < hop; m++) {
            MultiplyAdd.add1(re, diff[m], twRe[m]);
            MultiplyAdd.add1(im, diff[m], twIm[m]);
        }
        double[] r = re;
        double[] q = im;
        for (int j = 0; j < bins; j++) {
            double a = r[j];
            double b = q[j];
            r[j] = a * rotRe[j] - b * rotIm[j];
            q[j] = a * rotIm[j] + b * rotRe[j];
        }
        current++;
    }
}
