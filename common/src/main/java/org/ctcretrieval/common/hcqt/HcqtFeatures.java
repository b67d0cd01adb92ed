package org.ctcretrieval.common.hcqt;

/**
 * The ctc_chroma input features of one recording at 25 Hz, and related views, derived from the HCQT
 * ({@code features.compute_hcqt_median} followed by the normalisation in {@code apply_model.py}).
 *
 * <p>Definitions, with M the HCQT magnitudes at the hop rate (6 harmonics × 216 bins) and R = max M over the whole
 * (trimmed) HCQT:
 * <ol>
 * <li>log value v = {@code amplitude_to_db(M, ref=R, amin=1e-5, top_db=80)/80 + 1}, where
 * {@code amplitude_to_db} = 10·log10(max(1e-10, M²)) − 10·log10(max(1e-10, R²)), floored at −80 dB (its maximum is
 * 0 dB), so v ∈ [0, 1];</li>
 * <li>per bin, the median of v over the hop frames of each feature frame (see {@link FrameGrid}); numpy median:
 * the mean of the two middle values for an even count;</li>
 * <li>network input: for every (frame, harmonic), the 216-bin vector divided by its L2 norm; vectors with norm
 * below 2.2250738585072014e-308 (numpy float64 {@code tiny}) become 216^−1/2 everywhere
 * ({@code librosa.util.normalize(norm=2, fill=True)}).</li>
 * </ol>
 *
 * <p>Memory: two floats per harmonic, bin and feature frame (the lower and upper median powers), i.e.
 * 2 × 6 × 216 × 25 × 4 B ≈ 259 kB per second of audio (≈ 155 MB for 10 minutes); {@link #networkInput()} allocates
 * another ≈ 216 kB per second (130 kB of values in 5400 six-element arrays per second). The input signal itself is
 * 88 kB per second; {@link Hcqt#features(float[])} adds only per-chunk working memory. The whole recording is held
 * because the dB reference is the maximum over the whole HCQT; {@link HcqtFeatureStore} gives the same network input
 * in bounded memory (spilling the reduced data to a temporary file) for recordings of any length.
 */
public final class HcqtFeatures {
    /** Feature frame rate of ctc_chroma, Hz. */
    public static final double FRAME_RATE = 25;
    private static final double AMIN_POWER = 1e-5 * 1e-5;
    private static final double TOP_DB = 80;

    private final int[] bounds;
    private final int rows;
    private final float[] lower;
    private final float[] upper;
    /** R², the largest power. */
    private final float reference;
    private final double referenceDb;

    HcqtFeatures(int[] bounds, int rows, float[] lower, float[] upper, float reference) {
        this.bounds = bounds;
        this.rows = rows;
        this.lower = lower;
        this.upper = upper;
        this.reference = reference;
        this.referenceDb = referenceDb(reference);
    }

    /** Number of 25 Hz frames T. */
    public int length() {
        return bounds.length - 1;
    }

    /** Frames per second (25). */
    public double frameRate() {
        return FRAME_RATE;
    }

    /** Number of hop-rate HCQT frames the features summarise. */
    public int hopFrames() {
        return bounds[bounds.length - 1];
    }

    /** First hop frame of each feature frame, plus the total: {@code length() + 1} entries. */
    public int[] frameBoundaries() {
        return bounds.clone();
    }

    /** The dB reference R: the largest HCQT magnitude. */
    public double referenceMagnitude() {
        return Math.sqrt(reference);
    }

    /** amplitude_to_db of a magnitude given by its square, relative to R, floored at −80 dB. */
    private double db(double power) {
        return db(power, referenceDb);
    }

    /** Median over the frame of the log values v (in [0, 1]). */
    private double medianLog(int frame, int row) {
        int idx = frame * rows + row;
        double lo = (1.0 / 80.0) * db(lower[idx]) + 1.0;
        if (isOdd(frame)) return lo;
        double hi = (1.0 / 80.0) * db(upper[idx]) + 1.0;
        return (lo + hi) / 2;
    }

    private boolean isOdd(int frame) {
        return ((bounds[frame + 1] - bounds[frame]) & 1) == 1;
    }

    /**
     * The network input {@code [T][216][6]} (time, pitch bin, harmonic in the order 0.5, 1, 2, 3, 4, 5): median log
     * values, each (frame, harmonic) pitch vector L2-normalised (uniform 216^−1/2 for all-zero vectors).
     */
    public float[][][] networkInput() {
        float[] flat = networkInputFlat();
        int nh = Hcqt.HARMONICS.length;
        float[][][] out = new float[length()][Hcqt.BINS][nh];
        for (int f = 0, i = 0; f < out.length; f++) {
            for (int b = 0; b < Hcqt.BINS; b++, i += nh) System.arraycopy(flat, i, out[f][b], 0, nh);
        }
        return out;
    }

    /**
     * {@link #networkInput()} as one row-major array of {@code T·216·6} values (index {@code (t·216 + b)·6 + h}),
     * ready for a tensor of shape [1, T, 216, 6] without per-row objects.
     */
    public float[] networkInputFlat() {
        int t = length();
        int nh = Hcqt.HARMONICS.length;
        int nb = Hcqt.BINS;
        float[] out = new float[t * nb * nh];
        // Frames are independent (the reference R is already known): split them over the common pool.
        java.util.stream.IntStream.range(0, t).parallel().forEach(f -> networkInputFrame(lower, upper, f * rows,
                isOdd(f), referenceDb, out, f * nb * nh, new double[nb]));
        return out;
    }

    /** {@code 10·log10(max(amin², R²))}, the dB reference of a largest power {@code R²}. */
    static double referenceDb(float referencePower) {
        return 10 * Math.log10(Math.max(AMIN_POWER, referencePower));
    }

    /**
     * The network input of one feature frame: {@code [216][6]} values at {@code out[outOffset …]}.
     *
     * @param lower       lower middle powers, the frame's 1296 rows (harmonic-major) at {@code lower[base …]}
     * @param upper       upper middle powers, same layout
     * @param odd         whether the frame has an odd number of hop frames (its median is the lower value)
     * @param referenceDb {@link #referenceDb(float)} of the recording's largest power
     * @param scratch     216 doubles of working space
     */
    static void networkInputFrame(float[] lower, float[] upper, int base, boolean odd, double referenceDb, float[] out,
            int outOffset, double[] scratch) {
        int nh = Hcqt.HARMONICS.length;
        int nb = Hcqt.BINS;
        double fill = Math.pow(nb, -1.0 / 2);
        double[] v = scratch;
        for (int h = 0; h < nh; h++) {
            double sum = 0;
            int b0 = base + h * nb;
            for (int b = 0; b < nb; b++) {
                double lo = (1.0 / 80.0) * db(lower[b0 + b], referenceDb) + 1.0;
                double val = odd ? lo : (lo + ((1.0 / 80.0) * db(upper[b0 + b], referenceDb) + 1.0)) / 2;
                v[b] = val;
                sum += val * val;
            }
            double norm = Math.pow(sum, 1.0 / 2);
            boolean small = norm < Double.MIN_NORMAL;
            for (int b = 0; b < nb; b++) out[outOffset + b * nh + h] = (float) (small ? fill : v[b] / norm);
        }
    }

    /** amplitude_to_db of a magnitude given by its square, relative to the reference, floored at −80 dB. */
    private static double db(double power, double referenceDb) {
        return Math.max(10 * Math.log10(Math.max(AMIN_POWER, power)) - referenceDb, -TOP_DB);
    }

    /**
     * Median log-magnitude of harmonic index {@code h} in dB relative to R, i.e. 80·(v − 1) ∈ [−80, 0], for plots.
     *
     * @return {@code [T][216]}
     */
    public float[][] decibels(int h) {
        float[][] out = new float[length()][Hcqt.BINS];
        for (int f = 0; f < out.length; f++) {
            for (int b = 0; b < Hcqt.BINS; b++) out[f][b] = (float) (80 * (medianLog(f, h * Hcqt.BINS + b) - 1));
        }
        return out;
    }

    /**
     * Median linear magnitude of harmonic index {@code h} per feature frame (numpy median of the hop-frame
     * magnitudes), e.g. for classic chroma.
     *
     * @return {@code [T][216]}
     */
    public float[][] medianMagnitude(int h) {
        float[][] out = new float[length()][Hcqt.BINS];
        for (int f = 0; f < out.length; f++) {
            for (int b = 0; b < Hcqt.BINS; b++) {
                int idx = f * rows + h * Hcqt.BINS + b;
                out[f][b] = (float) ((Math.sqrt(lower[idx]) + Math.sqrt(upper[idx])) / 2);
            }
        }
        return out;
    }
}
