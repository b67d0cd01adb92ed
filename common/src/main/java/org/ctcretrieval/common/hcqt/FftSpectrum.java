package org.ctcretrieval.common.hcqt;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * STFT frames of one signal stretch (window ones, centred, numpy 'reflect' padding at the signal's ends) over the
 * bins the bases use, each frame by its own FFT: a real FFT as a complex FFT of half the length, unpacked only over
 * bins {@code lo … hi}.
 */
final class FftSpectrum implements FrameSpectrum {
    private final SignalStretch signal;
    private final int nFft;
    private final int hop;
    private final int half;
    private final int lo;
    private final int hi;
    private final double[] cos;
    private final double[] sin;
    private final double[] frame;
    private final double[] re;
    private final double[] im;
    private final DoubleFFT_1D fft;

    /** @param signal a stretch holding every sample the frames read (after reflection at the signal's ends) */
    FftSpectrum(SignalStretch signal, Stage.StftKey key, List<Stage> stages) {
        this.signal = signal;
        this.nFft = key.nFft();
        this.hop = key.hop();
        this.half = nFft / 2;
        this.fft = new DoubleFFT_1D(half);
        this.frame = new double[nFft];
        this.lo = lowestBin(stages, half);
        this.hi = highestBin(stages);
        cos = new double[half + 1];
        sin = new double[half + 1];
        for (int k = lo; k <= hi; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / nFft);
            sin[k] = Math.sin(2 * Math.PI * k / nFft);
        }
        re = new double[Math.max(0, hi - lo + 1)];
        im = new double[Math.max(0, hi - lo + 1)];
    }

    /** Lowest spectrum bin any of the stages' bases uses (at most {@code half}). */
    static int lowestBin(List<Stage> stages, int half) {
        int l = half;
        for (Stage s : stages) l = Math.min(l, s.basis().minCol);
        return l;
    }

    /** Highest spectrum bin any of the stages' bases uses. */
    static int highestBin(List<Stage> stages) {
        int h = 0;
        for (Stage s : stages) h = Math.max(h, s.basis().maxCol);
        return h;
    }

    @Override
    public void compute(int t, double[][] outRe, double[][] outIm, int lane) {
        computeExact(t, re, im);
        for (int k = lo; k <= hi; k++) {
            // librosa stores the STFT as complex64
            outRe[k][lane] = (float) re[k - lo];
            outIm[k][lane] = (float) im[k - lo];
        }
    }

    /** Bins lo..hi of frame t in double precision: {@code re[k − lo]}, {@code im[k − lo]}. */
    void computeExact(int t, double[] re, double[] im) {
        int start = t * hop - half;
        if (signal.inside(start, start + nFft)) {
            float[] x = signal.x();
            for (int k = 0, i = start - signal.start(); k < nFft; k++, i++) frame[k] = x[i];
        } else {
            for (int k = 0; k < nFft; k++) frame[k] = signal.at(start + k);
        }
        // z[m] = frame[2m] + i·frame[2m+1]; Z = FFT(z); X[k] = E[k] + e^{-2πik/N}·O[k] with
        // E = (Z[k] + conj Z[N/2−k])/2, O = (Z[k] − conj Z[N/2−k])/(2i)
        fft.complexForward(frame);
        // the DC and Nyquist bins apart, so that the loop over the other bins has no branch
        int from = Math.max(lo, 1);
        int to = Math.min(hi, half - 1);
        if (lo == 0) {
            re[0] = frame[0] + frame[1];
            im[0] = 0;
        }
        if (hi == half) {
            re[half - lo] = frame[0] - frame[1];
            im[half - lo] = 0;
        }
        for (int k = from; k <= to; k++) {
            int m = half - k;
            double ar = frame[2 * k];
            double ai = frame[2 * k + 1];
            double br = frame[2 * m];
            double bi = -frame[2 * m + 1];
            double er = 0.5 * (ar + br);
            double ei = 0.5 * (ai + bi);
            double or = 0.5 * (ai - bi); // (a − b)/(2i) = −i(a − b)/2
            double oi = -0.5 * (ar - br);
            re[k - lo] = er + cos[k] * or + sin[k] * oi;
            im[k - lo] = ei + cos[k] * oi - sin[k] * or;
        }
    }
}
