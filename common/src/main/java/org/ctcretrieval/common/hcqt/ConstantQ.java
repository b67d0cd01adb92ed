package org.ctcretrieval.common.hcqt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ctcretrieval.common.dsp.Resampler;

/**
 * Constant-Q transform with the semantics of {@code librosa.cqt} 0.7.2 at its defaults ({@code tuning=0,
 * filter_scale=1, norm=1, sparsity=0.01, window='hann', scale=True, pad_mode='reflect', res_type=None}),
 * returning magnitudes.
 *
 * <p>Recursive multirate algorithm, as librosa: the filters of the top octave are designed once (see
 * {@link OctaveBasis}); the signal is halved in rate per octave with resampy's {@code kaiser_fast} filter
 * ({@code scale=True}) while the basis is multiplied by √2 per octave and the hop halved. Resampling quality is
 * chosen automatically: if the top filter's cutoff {@code fmax·(1 + 0.5·1.50018310546875/Q)} is below
 * {@code 0.85·sr/2} ({@code kaiser_fast}'s rolloff), the signal may first be downsampled early by
 * {@code 2^min(max(0, ceil(log2(0.85·nyquist/cutoff)) − 2), max(0, twos(hop) − octaves + 1))}; otherwise
 * ({@code kaiser_best}) the top octave is computed at the full rate before the recursion starts one octave lower.
 * Each octave response is an STFT (window ones, centred, reflect padding) times the sparse basis; responses are
 * trimmed to the shortest, stacked low octaves first, the last {@code nBins} rows kept, and divided by
 * {@code sqrt(Q·sr'/f_k)} with {@code sr'} the rate after early downsampling.
 */
public final class ConstantQ {
    /** librosa's {@code WINDOW_BANDWIDTHS['hann']}. */
    public static final double HANN_BANDWIDTH = 1.50018310546875;
    /** librosa's default {@code sparsity}. */
    public static final double SPARSITY = 0.01;
    /** {@code resampy} kaiser_fast rolloff, librosa's {@code BW_FASTEST}. */
    static final double BW_FASTEST = Resampler.Filter.KAISER_FAST.rolloff();

    private final double sr;
    private final int hopLength;
    private final double fmin;
    private final int nBins;
    private final int binsPerOctave;
    private final List<Stage> stages;
    private final double scaleRate;
    private final boolean topOctaveAtFullRate;

    /**
     * Plans the transform.
     *
     * @param sr            sample rate of the input, Hz
     * @param hopLength     hop between frames in samples at {@code sr} (librosa default 512)
     * @param fmin          centre frequency of the lowest bin, Hz (librosa default {@code note_to_hz('C1')})
     * @param nBins         number of bins (librosa default 84)
     * @param binsPerOctave bins per octave (librosa default 12)
     * @throws IllegalArgumentException if the top filter's pass-band exceeds Nyquist, or the hop is not divisible
     *                                  by 2^(octaves − 1), as librosa's {@code ParameterError}
     */
    public ConstantQ(double sr, int hopLength, double fmin, int nBins, int binsPerOctave) {
        this(sr, hopLength, fmin, nBins, binsPerOctave, 0, SPARSITY);
    }

    /**
     * As {@link #ConstantQ(double, int, double, int, int)} with output rows offset by {@code rowOffset} and the
     * given basis sparsity.
     */
    ConstantQ(double sr, int hopLength, double fmin, int nBins, int binsPerOctave, int rowOffset, double sparsity) {
        if (!(sr > 0) || hopLength < 1 || !(fmin > 0) || nBins < 1 || binsPerOctave < 1) {
            throw new IllegalArgumentException("invalid CQT parameters: sr=" + sr + " hop=" + hopLength + " fmin="
                    + fmin + " n_bins=" + nBins + " bins_per_octave=" + binsPerOctave);
        }
        this.sr = sr;
        this.hopLength = hopLength;
        this.fmin = fmin;
        this.nBins = nBins;
        this.binsPerOctave = binsPerOctave;

        int nOctaves = (int) Math.ceil((double) nBins / binsPerOctave);
        int nFilters = Math.min(binsPerOctave, nBins);
        double q = OctaveBasis.q(binsPerOctave);
        double fminT = fmin * Math.pow(2.0, (nBins - nFilters) / (double) binsPerOctave);
        double fmaxT = fmin * Math.pow(2.0, (nBins - 1) / (double) binsPerOctave);
        double cutoff = fmaxT * (1 + 0.5 * HANN_BANDWIDTH / q);
        double nyquist = sr / 2.0;
        if (cutoff > nyquist) {
            throw new IllegalArgumentException("filter pass-band lies beyond Nyquist: top bin " + fmaxT + " Hz at sr "
                    + sr + " Hz");
        }
        boolean fast = cutoff < BW_FASTEST * nyquist;

        SignalSpec spec = SignalSpec.ORIGINAL;
        double curSr = sr;
        int hop = hopLength;
        int early = Math.min(Math.max(0, (int) (Math.ceil(log2(BW_FASTEST * nyquist / cutoff)) - 1) - 1),
                Math.max(0, twoFactors(hop) - nOctaves + 1));
        if (early > 0 && fast) {
            int factor = 1 << early;
            hop /= factor;
            double newSr = curSr / factor;
            spec = spec.resampled(newSr / curSr, Resampler.Filter.KAISER_FAST);
            curSr = newSr;
        }
        this.scaleRate = curSr;
        double[] lengths = OctaveBasis.lengths(curSr, fmin, nBins, binsPerOctave);
        int totalOctaves = nOctaves;
        List<Stage> plan = new ArrayList<>();
        int octave = 0;
        this.topOctaveAtFullRate = !fast;
        if (!fast) {
            OctaveBasis top = OctaveBasis.design(curSr, fminT, nFilters, binsPerOctave, sparsity);
            plan.add(stage(spec, hop, top, octave, totalOctaves, nFilters, lengths, rowOffset));
            fminT /= 2;
            nOctaves -= 1;
            octave = 1;
        }
        if (twoFactors(hop) < nOctaves - 1) {
            throw new IllegalArgumentException("hop length " + hopLength + " must be divisible by 2^"
                    + (nOctaves - 1) + " for " + nOctaves + " octaves");
        }
        OctaveBasis basis = OctaveBasis.design(curSr, fminT, nFilters, binsPerOctave, sparsity);
        double sqrt2 = Math.sqrt(2);
        for (int i = 0; i < nOctaves; i++) {
            if (i > 0) {
                spec = spec.resampled(0.5, Resampler.Filter.KAISER_FAST);
                basis = basis.times(sqrt2);
                hop /= 2;
            }
            plan.add(stage(spec, hop, basis, octave + i, totalOctaves, nFilters, lengths, rowOffset));
        }
        this.stages = Collections.unmodifiableList(plan);
    }

    private Stage stage(SignalSpec spec, int hop, OctaveBasis basis, int octave, int totalOctaves, int nFilters,
            double[] lengths, int rowOffset) {
        // responses are stacked low octaves first and only the last nBins rows kept
        int firstBin = nBins - (octave + 1) * nFilters;
        double[] inverseLength = new double[nFilters];
        for (int r = 0; r < nFilters; r++) {
            int bin = firstBin + r;
            inverseLength[r] = bin >= 0 ? 1.0 / lengths[bin] : Double.NaN;
        }
        return new Stage(spec, hop, basis, rowOffset + firstBin, rowOffset, inverseLength);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** librosa {@code __num_two_factors}: how many times x is divisible by 2 (0 for x ≤ 0). */
    static int twoFactors(int x) {
        if (x <= 0) return 0;
        int n = 0;
        while (x % 2 == 0) {
            x /= 2;
            n++;
        }
        return n;
    }

    List<Stage> stages() {
        return stages;
    }

    /** Number of frequency bins. */
    public int numBins() {
        return nBins;
    }

    /** Hop length in samples at the input rate. */
    public int hopLength() {
        return hopLength;
    }

    /** Input sample rate, Hz. */
    public double sampleRate() {
        return sr;
    }

    /** Whether the top octave is computed at the full rate with {@code kaiser_best} chosen (librosa's auto mode). */
    public boolean topOctaveAtFullRate() {
        return topOctaveAtFullRate;
    }

    /** Sample rate the length scaling refers to (after early downsampling), Hz. */
    public double scaleRate() {
        return scaleRate;
    }

    /** Centre frequencies {@code fmin·2^(k/bpo)}, k = 0..nBins−1 ({@code librosa.cqt_frequencies}), Hz. */
    public double[] frequencies() {
        double[] f = new double[nBins];
        for (int k = 0; k < nBins; k++) f[k] = fmin * Math.pow(2.0, k / (double) binsPerOctave);
        return f;
    }

    /**
     * Number of frames for an input of {@code nSamples}: the shortest octave response, {@code 1 + len//hop} per
     * octave (about {@code 1 + nSamples/hop}).
     */
    public int frameCount(int nSamples) {
        long min = Long.MAX_VALUE;
        for (Stage s : stages) min = Math.min(min, s.frames(nSamples));
        return (int) min;
    }

    /**
     * Magnitude CQT, {@code |librosa.cqt(y, sr, hop, fmin, n_bins, bpo)|}.
     *
     * @param y       samples at {@link #sampleRate()} (not modified)
     * @param threads worker threads (octave responses run in parallel)
     * @return {@code [nBins][frameCount(y.length)]}, bin 0 = fmin
     * @throws IllegalArgumentException if the signal is too short to be resampled down to the lowest octave, or not
     *                                  finite everywhere (librosa's {@code valid_audio})
     */
    public float[][] magnitude(float[] y, int threads) {
        checkInput(y);
        int nFrames = frameCount(y.length);
        float[][] out = new float[nBins][nFrames];
        CqtRunner.run(y, stages, nFrames, (frame, first, power, count) -> {
            for (int i = 0; i < count; i++) out[first + i][frame] = (float) Math.sqrt(power[i]);
        }, threads);
        return out;
    }

    /** {@link #magnitude(float[], int)} on the calling thread. */
    public float[][] magnitude(float[] y) {
        return magnitude(y, 1);
    }

    /**
     * librosa refuses signals that are not finite everywhere, and signals too short for a resampling step (fewer
     * than 1/ratio samples).
     */
    void checkInput(float[] y) {
        checkFinite(y);
        checkLength(y.length);
    }

    /** librosa's {@code valid_audio}: every sample finite. */
    static void checkFinite(float[] y) {
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) throw new IllegalArgumentException("audio buffer is not finite at sample " + i);
        }
    }

    /** Signals too short for a resampling step (fewer than 1/ratio samples) are refused, as librosa does. */
    void checkLength(int n) {
        if (n < 1) throw new IllegalArgumentException("empty signal");
        for (Stage s : stages) {
            for (SignalSpec p = s.signal(); p.parent() != null; p = p.parent()) {
                if ((long) (p.parent().length(n) * p.ratio()) < 1) {
                    throw new IllegalArgumentException("signal of " + n + " samples is too short for a CQT with "
                            + (stages.size()) + " octaves");
                }
            }
        }
    }
}
