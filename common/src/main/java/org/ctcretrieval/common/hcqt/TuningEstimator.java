package org.ctcretrieval.common.hcqt;

import java.util.Arrays;

/**
 * Estimates a recording's tuning offset from A=440 Hz, in cents (-50 to 50), from the 25 Hz median magnitudes of
 * the h = 1 HCQT slice (216 bins, 36 per octave from {@link Hcqt#FMIN}). It follows librosa's
 * {@code estimate_tuning} (librosa 0.7-0.10), with the constant-Q bins in place of the STFT bins:
 * <ol>
 *   <li>{@code piptrack}: in every frame, bins that are local maxima over frequency ({@code S[b-1] < S[b] >=
 *       S[b+1]}) and above {@link #THRESHOLD} times the frame's maximum, between {@link #FMIN_HZ} and the top of the
 *       CQT (librosa: 150-4000 Hz), located by parabolic interpolation of the linear magnitude
 *       ({@code shift = (S[b+1] - S[b-1]) / (2 (2 S[b] - S[b+1] - S[b-1]))}, magnitude
 *       {@code S[b] + (S[b+1] - S[b-1]) shift / 4});</li>
 *   <li>only peaks at least as strong as the median peak magnitude are kept;</li>
 *   <li>{@code pitch_tuning(resolution=0.01, bins_per_octave=12)}: each peak's deviation from the equal-tempered
 *       semitone grid of A=440 Hz, {@code mod(12 log2(f / 27.5), 1)} folded into [-0.5, 0.5); a histogram with
 *       101 edges {@code linspace(-0.5, 0.5)}; the estimate is the left edge of its fullest bin.</li>
 * </ol>
 * Historical pitch A=415 Hz is about a semitone below A=440 (-101 cents), so it comes out near 0 cents: a whole
 * semitone is a transposition, which the search handles ({@code --semitone-neighbours}).
 */
public final class TuningEstimator {
    /** Peaks below this fraction of the frame's largest magnitude are ignored (librosa piptrack threshold). */
    public static final double THRESHOLD = 0.1;
    /** Lowest peak frequency considered (librosa piptrack fmin). */
    public static final double FMIN_HZ = 150;
    /** Histogram resolution in semitones (librosa pitch_tuning resolution). */
    public static final double RESOLUTION = 0.01;

    private static final int FIRST_BIN = (int) Math.ceil(Hcqt.BINS_PER_OCTAVE * Math.log(FMIN_HZ / Hcqt.FMIN) / Math.log(2));

    private float[] deviation = new float[1024];
    private float[] magnitude = new float[1024];
    private int peaks;

    /**
     * Adds the peaks of one frame.
     *
     * @param s      magnitudes of the h = 1 bins ({@link Hcqt#BINS} values from {@code offset})
     * @param offset index of bin 0 in {@code s}
     */
    public void accept(float[] s, int offset) {
        float max = 0;
        for (int b = 0; b < Hcqt.BINS; b++) max = Math.max(max, s[offset + b]);
        if (!(max > 0)) return;
        double floor = THRESHOLD * max;
        for (int b = Math.max(1, FIRST_BIN); b < Hcqt.BINS - 1; b++) {
            float left = s[offset + b - 1], here = s[offset + b], right = s[offset + b + 1];
            if (!(here > left && here >= right && here > floor)) continue;
            double avg = 0.5 * (right - left);
            double curvature = 2 * here - right - left;
            double shift = curvature == 0 ? 0 : avg / curvature;
            double mag = here + 0.5 * avg * shift;
            double hz = Hcqt.FMIN * Math.pow(2, (b + shift) / Hcqt.BINS_PER_OCTAVE);
            double residual = 12 * Math.log(hz / 27.5) / Math.log(2);
            residual -= Math.floor(residual);
            if (residual >= 0.5) residual -= 1;
            add((float) residual, (float) mag);
        }
    }

    /** Adds every frame of a block of the HCQT stream; {@code rowOffset} is the row of h = 1 bin 0. */
    public void accept(ReducedBlock block, int rowOffset) {
        float[] frame = new float[Hcqt.BINS];
        for (int f = 0; f < block.frames(); f++) {
            for (int b = 0; b < Hcqt.BINS; b++) frame[b] = block.medianMagnitude(f, rowOffset + b);
            accept(frame, 0);
        }
    }

    private void add(float dev, float mag) {
        if (peaks == deviation.length) {
            deviation = Arrays.copyOf(deviation, 2 * peaks);
            magnitude = Arrays.copyOf(magnitude, 2 * peaks);
        }
        deviation[peaks] = dev;
        magnitude[peaks++] = mag;
    }

    /** Number of spectral peaks seen so far. */
    public int peaks() {
        return peaks;
    }

    /** The tuning offset in cents, or NaN if no peak was seen (silence). */
    public double cents() {
        if (peaks == 0) return Double.NaN;
        float[] mags = Arrays.copyOf(magnitude, peaks);
        Arrays.sort(mags);
        double median = peaks % 2 == 1 ? mags[peaks / 2] : 0.5 * (mags[peaks / 2 - 1] + mags[peaks / 2]);
        float[] kept = new float[peaks];
        int n = 0;
        for (int i = 0; i < peaks; i++) if (magnitude[i] >= median) kept[n++] = deviation[i];
        return 100 * pitchTuning(Arrays.copyOf(kept, n), RESOLUTION);
    }

    /**
     * librosa {@code pitch_tuning} on deviations already in [-0.5, 0.5) semitones: the left edge of the fullest
     * bin of a histogram with edges {@code linspace(-0.5, 0.5, ceil(1 / resolution) + 1)} (numpy: the last bin
     * is closed on the right; ties go to the first bin).
     */
    static double pitchTuning(float[] residuals, double resolution) {
        int bins = (int) Math.ceil(1 / resolution);
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = -0.5 + i / (double) bins;
        int[] counts = new int[bins];
        for (float r : residuals) {
            int i = (int) Math.floor((r + 0.5) * bins);
            if (i == bins && r <= 0.5) i = bins - 1;
            if (i < 0 || i >= bins) continue;
            // floating-point guard: numpy compares against the edges themselves
            while (i > 0 && r < edges[i]) i--;
            while (i < bins - 1 && r >= edges[i + 1]) i++;
            counts[i]++;
        }
        int best = 0;
        for (int i = 1; i < bins; i++) if (counts[i] > counts[best]) best = i;
        return edges[best];
    }
}
