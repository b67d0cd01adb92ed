package org.ctcretrieval.common.hcqt;

/**
 * Slow reference CQT by the direct definition: for every bin, the exact time-domain filter at the original rate
 * (periodic-Hann-windowed complex exponential of Q·sr/f_k samples, L1-normalised, as librosa designs it) is
 * applied to the signal around each frame centre, and the result scaled by sqrt(Q·sr/f_k) (librosa's filter
 * length re-normalisation L/n_fft · n_fft and its final division by sqrt(length)). No resampling, no FFT, no
 * sparsification.
 */
final class DirectCqt {
    private DirectCqt() {
    }

    /** |CQT| of bin k at frames {@code frames}; the signal is mirrored (numpy 'reflect') beyond its ends. */
    static double[][] magnitude(float[] y, double sr, int hop, double fmin, int nBins, int bpo, int[] frames) {
        double q = 1.0 / (Math.pow(2.0, 1.0 / bpo) - 1);
        double[][] out = new double[nBins][frames.length];
        for (int k = 0; k < nBins; k++) {
            double len = q * sr / (fmin * Math.pow(2.0, k / (double) bpo));
            double freq = q * sr / len;
            long start = (long) Math.floor(-len / 2);
            int m = (int) ((long) Math.floor(len / 2) - start);
            double[] hr = new double[m];
            double[] hi = new double[m];
            double l1 = 0;
            for (int j = 0; j < m; j++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * j / m);
                double ph = 2 * Math.PI * freq / sr * (start + j);
                hr[j] = w * Math.cos(ph);
                hi[j] = w * Math.sin(ph);
                l1 += w;
            }
            int shift = (m + 1) / 2; // filter sample j meets signal sample c - j + ceil(m/2)
            for (int f = 0; f < frames.length; f++) {
                int c = frames[f] * hop;
                double ar = 0;
                double ai = 0;
                for (int j = 0; j < m; j++) {
                    double v = y[CqtRunner.reflect(c - j + shift, y.length)];
                    ar += hr[j] * v;
                    ai += hi[j] * v;
                }
                out[k][f] = Math.sqrt(len) * Math.hypot(ar, ai) / l1;
            }
        }
        return out;
    }
}
