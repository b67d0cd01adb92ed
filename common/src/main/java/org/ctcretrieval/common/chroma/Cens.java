package org.ctcretrieval.common.chroma;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatures;
import org.ctcretrieval.common.hcqt.TuningEstimator;

/**
 * Chroma Energy Normalized Statistics (CENS, feature id {@code cens}) after Müller's Chroma Toolbox
 * ({@code pitch_to_CENS}) and libfmp ({@code compute_cens_from_chromagram}), computed from the classic CQT chroma.
 *
 * <p>Steps, per frame of a 12-dimensional chroma energy sequence:
 * <ol>
 * <li>chroma energy: the squared 25 Hz median magnitudes of the h = 1 HCQT slice, pooled per pitch class as in
 * {@link CqtChroma} (the Chroma Toolbox pools subband energies);</li>
 * <li>L1 normalisation; frames whose L1 norm is ≤ 1e-4 become uniform 1/12 (libfmp
 * {@code normalize_feature_sequence(norm='1', threshold=0.0001)});</li>
 * <li>quantisation to 0..4 with thresholds 0.05, 0.1, 0.2, 0.4: values in [0, 0.05) → 0, [0.05, 0.1) → 1,
 * [0.1, 0.2) → 2, [0.2, 0.4) → 3, ≥ 0.4 → 4 (libfmp's intervals; a value of exactly 1 is 4 as in the Chroma
 * Toolbox, where libfmp leaves it unassigned);</li>
 * <li>smoothing along time with a periodic Hann window of {@code smoothing} frames (scipy
 * {@code get_window('hann', ℓ)}), centred ({@code convolve(mode='same')}, zeros outside), divided by ℓ;</li>
 * <li>downsampling: every {@code downsampling}-th frame, starting with the first;</li>
 * <li>L2 normalisation; frames with norm ≤ 1e-4 become uniform 12^−1/2.</li>
 * </ol>
 * Defaults ℓ = 41, d = 10 are the Chroma Toolbox's CENS<sup>41</sup><sub>10</sub> (there at 10 Hz input → 1 Hz,
 * 4.1 s window); applied to the 25 Hz chroma they give 2.5 Hz frames with a 1.64 s window — short enough for
 * themes lasting a few seconds, while still absorbing local tempo and articulation differences. Output frame k is
 * centred on input frame {@code k·d}, i.e. at {@code k/2.5} s.
 */
public final class Cens implements FeatureExtractor {
    /** Feature id stored in indexes. */
    public static final String ID = "cens";
    /** Default smoothing window length in input frames. */
    public static final int DEFAULT_SMOOTHING = 41;
    /** Default downsampling factor. */
    public static final int DEFAULT_DOWNSAMPLING = 10;
    private static final double THRESHOLD = 1e-4;

    private final CqtChroma chroma;
    private final int smoothing;
    private final int downsampling;

    /** CENS 41/10 of the 25 Hz CQT chroma: 2.5 Hz. */
    public Cens() {
        this(new CqtChroma(), DEFAULT_SMOOTHING, DEFAULT_DOWNSAMPLING);
    }

    /**
     * @param chroma       source of the 25 Hz pitch magnitudes
     * @param smoothing    Hann window length in input frames (≥ 1)
     * @param downsampling keep every {@code downsampling}-th smoothed frame (≥ 1)
     */
    public Cens(CqtChroma chroma, int smoothing, int downsampling) {
        if (smoothing < 1 || downsampling < 1) {
            throw new IllegalArgumentException("smoothing and downsampling must be >= 1: " + smoothing + ", "
                    + downsampling);
        }
        this.chroma = chroma;
        this.smoothing = smoothing;
        this.downsampling = downsampling;
    }

    @Override
    public String id() {
        return ID;
    }

    /** Input rate / downsampling: 2.5 Hz by default. */
    @Override
    public double frameRate() {
        return chroma.frameRate() / downsampling;
    }

    /**
     * Loads {@code audioFile} (mono, 22050 Hz, kaiser_best) and computes its CENS; equal to {@link #compute(float[])}
     * of the loaded samples, computed block by block in bounded memory (only the 25 Hz chroma energies, 48 bytes per
     * frame, are kept until the smoothing).
     *
     * @throws InputException if the file cannot be decoded or is too short (under 3 ms) or not finite
     */
    @Override
    public FeatureSequence extract(Path audioFile) throws IOException {
        TuningEstimator tuning = new TuningEstimator();
        float[][] energy = chroma.pooledFromFile(audioFile, "CENS features", true, tuning);
        return new FeatureSequence(ID, frameRate(), fromChromaEnergy(energy, smoothing, downsampling), tuning.cents());
    }

    /**
     * CENS of a 22050 Hz signal.
     *
     * @return {@code [ceil(T/d)][12]} at {@link #frameRate()}, id {@code cens}
     */
    public FeatureSequence compute(float[] samples22050) {
        return fromPitchMagnitudes(chroma.pitchMagnitudes(samples22050));
    }

    /**
     * CENS from already computed HCQT features, avoiding a second CQT; equal to {@link #compute(float[])} of the
     * same signal.
     */
    public FeatureSequence fromFeatures(HcqtFeatures features) {
        return fromPitchMagnitudes(features.medianMagnitude(Hcqt.FUNDAMENTAL));
    }

    private FeatureSequence fromPitchMagnitudes(float[][] mag) {
        float[][] energy = new float[mag.length][mag.length == 0 ? 0 : mag[0].length];
        for (int t = 0; t < mag.length; t++) {
            for (int b = 0; b < mag[t].length; b++) energy[t][b] = mag[t][b] * mag[t][b];
        }
        return new FeatureSequence(ID, frameRate(), fromChromaEnergy(CqtChroma.pool(energy), smoothing, downsampling));
    }

    /**
     * CENS of an arbitrary chroma energy sequence (e.g. chroma derived from a score), steps 2–6 above.
     *
     * @param chroma       {@code [T][12]} non-negative chroma energies at any rate
     * @param smoothing    Hann window length in frames
     * @param downsampling downsampling factor
     * @return {@code [ceil(T/d)][12]}
     */
    public static float[][] fromChromaEnergy(float[][] chroma, int smoothing, int downsampling) {
        int n = chroma.length;
        int k = chroma.length == 0 ? 12 : chroma[0].length;
        double[][] q = new double[n][k];
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (float v : chroma[t]) s += Math.abs(v);
            for (int c = 0; c < k; c++) {
                double v = s > THRESHOLD ? chroma[t][c] / s : 1.0 / k;
                q[t][c] = quantize(v);
            }
        }
        double[] w = new double[smoothing];
        for (int j = 0; j < smoothing; j++) w[j] = 0.5 - 0.5 * Math.cos(2 * Math.PI * j / smoothing);
        int centre = (smoothing - 1) / 2;
        int m = (n + downsampling - 1) / downsampling;
        float[][] out = new float[m][k];
        for (int i = 0; i < m; i++) {
            int t = i * downsampling;
            double[] acc = new double[k];
            for (int j = 0; j < smoothing; j++) {
                int src = t + centre - j;
                if (src < 0 || src >= n) continue;
                for (int c = 0; c < k; c++) acc[c] += w[j] * q[src][c];
            }
            double ss = 0;
            for (int c = 0; c < k; c++) {
                acc[c] /= smoothing;
                ss += acc[c] * acc[c];
            }
            double norm = Math.sqrt(ss);
            for (int c = 0; c < k; c++) out[i][c] = (float) (norm > THRESHOLD ? acc[c] / norm : 1 / Math.sqrt(k));
        }
        return out;
    }

    /** Chroma Toolbox / libfmp quantisation of an L1-normalised value to 0..4. */
    static int quantize(double v) {
        if (v >= 0.4) return 4;
        if (v >= 0.2) return 3;
        if (v >= 0.1) return 2;
        if (v >= 0.05) return 1;
        return 0;
    }
}
