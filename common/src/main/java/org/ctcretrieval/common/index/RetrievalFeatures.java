package org.ctcretrieval.common.index;

import org.ctcretrieval.common.features.FeatureSequence;

/**
 * The feature form used for retrieval: chroma resampled to the index's retrieval rate, rotated for transpositions,
 * and stored as 8-bit codes.
 *
 * <p><b>Resampling.</b> {@link #resample} maps a sequence at any frame rate to the retrieval rate with a
 * triangular (Bartlett) kernel of half-width {@code max(1/rateIn, 1/rateOut)} seconds centred on each output frame
 * time {@code k / rateOut}. When reducing the rate (e.g. 25 Hz deep chroma to 5 Hz) this is a smoothing low-pass
 * that averages all input frames of the output period and half of each neighbour, like the smoothing-and-
 * downsampling step of CENS features (Müller, FMP Sec. 7.2.1); when increasing the rate (a coarse score chroma)
 * it is linear interpolation. Input frames are L2-normalised first so every frame weighs the same, independent of
 * loudness; frames with norm below 1e-3 count as silence (zero).
 */
public final class RetrievalFeatures {
    private RetrievalFeatures() {}

    /**
     * Resamples a feature sequence to {@code targetRate}.
     *
     * @param seq        input sequence (any rate)
     * @param targetRate output frame rate in Hz
     * @return a sequence with {@code ceil(T * targetRate / rate)} frames (at least 1 if the input has any), same
     *         feature ID and dimension
     */
    public static FeatureSequence resample(FeatureSequence seq, double targetRate) {
        int t = seq.length();
        int d = seq.dimension();
        double rateIn = seq.frameRate();
        float[][] in = new float[t][];
        for (int i = 0; i < t; i++) in[i] = unitOrZero(seq.frame(i));
        int outLen = t == 0 ? 0 : Math.max(1, (int) Math.ceil(t * targetRate / rateIn - 1e-9));
        float[][] out = new float[outLen][d];
        double half = Math.max(1.0 / rateIn, 1.0 / targetRate); // seconds
        for (int k = 0; k < outLen; k++) {
            double centre = k / targetRate;
            int lo = Math.max(0, (int) Math.ceil((centre - half) * rateIn));
            int hi = Math.min(t - 1, (int) Math.floor((centre + half) * rateIn));
            double wsum = 0;
            double[] acc = new double[d];
            for (int i = lo; i <= hi; i++) {
                double w = 1.0 - Math.abs(i / rateIn - centre) / half;
                if (w <= 0) continue;
                wsum += w;
                float[] f = in[i];
                for (int j = 0; j < d; j++) acc[j] += w * f[j];
            }
            if (wsum == 0) { // output frame beyond the last input centre: hold the nearest input frame
                int nearest = Math.min(t - 1, Math.max(0, (int) Math.round(centre * rateIn)));
                System.arraycopy(in[nearest], 0, out[k], 0, d);
            } else {
                for (int j = 0; j < d; j++) out[k][j] = (float) (acc[j] / wsum);
            }
        }
        return new FeatureSequence(seq.featureId(), targetRate, out);
    }

    /**
     * Rotates chroma by {@code semitones}: {@code out[c] = in[(c - semitones) mod 12]}, i.e. the content moves
     * up by that many semitones (librosa/numpy {@code np.roll(chroma, semitones, axis=pitch)}).
     */
    public static float[][] rotate(float[][] frames, int semitones) {
        float[][] out = new float[frames.length][];
        for (int t = 0; t < frames.length; t++) {
            int d = frames[t].length;
            int s = Math.floorMod(semitones, d);
            float[] o = new float[d];
            for (int c = 0; c < d; c++) o[(c + s) % d] = frames[t][c];
            out[t] = o;
        }
        return out;
    }

    /**
     * 8-bit code of a frame sequence, {@code T*D} bytes: each frame is divided by its maximum and mapped to
     * 0..255 (rounded), so the direction of the vector — all that the cosine cost sees — keeps a relative
     * precision of 1/255 per component. Negative values are clamped to 0 (chroma is non-negative).
     */
    public static byte[] quantize8(float[][] frames) {
        int d = frames.length == 0 ? 0 : frames[0].length;
        byte[] out = new byte[frames.length * d];
        for (int t = 0; t < frames.length; t++) {
            float max = 0f;
            for (float v : frames[t]) max = Math.max(max, v);
            if (max <= 0f) continue;
            float scale = 255f / max;
            for (int j = 0; j < d; j++) {
                int q = Math.round(Math.max(0f, frames[t][j]) * scale);
                out[t * d + j] = (byte) Math.min(255, q);
            }
        }
        return out;
    }

    /**
     * Decodes {@link #quantize8} codes straight into L2-normalised rows ({@code [T*D]}, as
     * {@code SubsequenceDtw.normalize}); all-zero frames become the uniform unit vector.
     */
    public static float[] dequantizeNormalized(byte[] codes, int offset, int length, int d) {
        int t = length / d;
        float[] out = new float[t * d];
        float uniform = (float) (1.0 / Math.sqrt(d));
        for (int i = 0; i < t; i++) {
            int o = offset + i * d;
            float s = 0f;
            for (int j = 0; j < d; j++) {
                float v = codes[o + j] & 0xff;
                out[i * d + j] = v;
                s += v * v;
            }
            if (s == 0f) {
                for (int j = 0; j < d; j++) out[i * d + j] = uniform;
            } else {
                float inv = (float) (1.0 / Math.sqrt(s));
                for (int j = 0; j < d; j++) out[i * d + j] *= inv;
            }
        }
        return out;
    }

    private static float[] unitOrZero(float[] f) {
        double s = 0;
        for (float v : f) s += (double) v * v;
        double norm = Math.sqrt(s);
        float[] o = new float[f.length];
        if (norm < 1e-3) return o;
        for (int i = 0; i < f.length; i++) o[i] = (float) (f[i] / norm);
        return o;
    }
}
