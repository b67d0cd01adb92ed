package org.ctcretrieval.common.hcqt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Harmonic CQT of ctc_chroma ({@code features.compute_hcqt}, parameters of {@code get_hcqt_params}, after
 * Bittner et al.'s deep salience): for each harmonic h of {0.5, 1, 2, 3, 4, 5}, a librosa 0.7.2 {@link ConstantQ}
 * of the 22050 Hz signal with {@code fmin = 32.7·h} Hz, 216 bins, 36 bins per octave and hop 256 (≈ 86.13 frames
 * per second); the six CQTs are trimmed to the shortest.
 *
 * <p>fmin is 32.7 Hz as in the original code (librosa's {@code note_to_hz('C1')} would be 32.7032 Hz; the
 * difference is 0.0035 bins).
 *
 * <p>Speed: the six harmonics share resampled signals and STFTs where librosa's computation is identical (the
 * kaiser_fast octave chain of the 22050 Hz signal serves h = 1…5; h = 1's early ×2 downsampling is the chain's
 * first halving; h = 3, 4, 5 share their 512-point STFTs, h = 1, 2 their 1024-point ones): 20 distinct STFTs
 * instead of 36. The work is split in time: chunks of 25 Hz feature frames, each computing all stages over just the
 * samples it needs, run on a pool of worker threads ({@link HcqtStream}); results are bit-identical to the
 * whole-signal computation whatever the chunking.
 *
 * <p>Memory: {@link #features(float[])} holds the signal and its reduced HCQT ({@link HcqtFeatures}); for
 * recordings of any length use {@link #stream} with an {@link HcqtFeatureStore}, or {@link AudioHcqt} for files.
 */
public final class Hcqt {
    /** Harmonics of ctc_chroma, in channel order. */
    public static final double[] HARMONICS = {0.5, 1, 2, 3, 4, 5};
    /** Index of harmonic 1 in {@link #HARMONICS}. */
    public static final int FUNDAMENTAL = 1;
    /** Input sample rate, Hz. */
    public static final double SAMPLE_RATE = 22050;
    /** Hop length, samples. */
    public static final int HOP = 256;
    /** Lowest bin of harmonic 1, Hz (ctc_chroma: 32.7). */
    public static final double FMIN = 32.7;
    /** Bins per octave. */
    public static final int BINS_PER_OCTAVE = 36;
    /** Bins per harmonic (6 octaves). */
    public static final int BINS = 216;

    private final ConstantQ[] cqts;
    private final ConstantQ fundamentalOnly;
    private final List<Stage> stages;
    private final int threads;

    /** The ctc_chroma HCQT computed with {@code min(2, available processors)} threads. */
    public Hcqt() {
        this(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    /** @param threads worker threads (≥ 1) */
    public Hcqt(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        this.threads = threads;
        cqts = new ConstantQ[HARMONICS.length];
        List<Stage> all = new ArrayList<>();
        for (int h = 0; h < HARMONICS.length; h++) {
            cqts[h] = new ConstantQ(SAMPLE_RATE, HOP, FMIN * HARMONICS[h], BINS, BINS_PER_OCTAVE, h * BINS,
                    ConstantQ.SPARSITY);
            all.addAll(cqts[h].stages());
        }
        stages = Collections.unmodifiableList(all);
        fundamentalOnly = new ConstantQ(SAMPLE_RATE, HOP, FMIN, BINS, BINS_PER_OCTAVE);
    }

    private void checkInput(float[] y) {
        ConstantQ.checkFinite(y);
        for (ConstantQ c : cqts) c.checkLength(y.length);
    }

    /** All octave responses of the six CQTs. */
    List<Stage> stages() {
        return stages;
    }

    /** The CQT of harmonic index {@code h} (0..5). */
    public ConstantQ cqt(int h) {
        return cqts[h];
    }

    /** Hop frames for {@code nSamples} input samples: the shortest of the six CQTs. */
    public int frameCount(int nSamples) {
        int n = Integer.MAX_VALUE;
        for (ConstantQ c : cqts) n = Math.min(n, c.frameCount(nSamples));
        return n;
    }

    /** Centre frequency of bin {@code bin} of harmonic index {@code h}, Hz. */
    public static double frequency(int h, int bin) {
        return FMIN * HARMONICS[h] * Math.pow(2.0, bin / (double) BINS_PER_OCTAVE);
    }

    /**
     * Full-rate HCQT magnitudes {@code |CQT|} (about 446 kB per second of audio).
     *
     * @param y samples at 22050 Hz
     * @return {@code [6 harmonics][216 bins][frameCount(y.length)]}
     * @throws IllegalArgumentException if the signal is too short (under 65 samples, 3 ms: the h = 0.5 CQT halves
     *                                  its 4× downsampled signal five times) or not finite everywhere
     */
    public float[][][] magnitudes(float[] y) {
        checkInput(y);
        int n = frameCount(y.length);
        float[][][] out = new float[HARMONICS.length][BINS][n];
        CqtRunner.run(y, stages, n, (frame, first, power, count) -> {
            for (int i = 0; i < count; i++) {
                out[(first + i) / BINS][(first + i) % BINS][frame] = (float) Math.sqrt(power[i]);
            }
        }, threads);
        return out;
    }

    /**
     * The ctc_chroma network input and related 25 Hz views (see {@link HcqtFeatures}), without keeping the full-rate
     * HCQT: each bin's hop frames are reduced to the two middle values of every 25 Hz frame as they are computed.
     * The signal is processed in chunks of feature frames on the worker threads ({@link HcqtStream}); the result
     * does not depend on the chunking or the thread count.
     *
     * @param y samples at 22050 Hz
     * @throws IllegalArgumentException if the signal is too short (under 65 samples, 3 ms: the h = 0.5 CQT halves
     *                                  its 4× downsampled signal five times) or not finite everywhere
     */
    public HcqtFeatures features(float[] y) {
        return features(y, HcqtStream.DEFAULT_CHUNK_FRAMES);
    }

    /** {@link #features(float[])} with at most {@code chunkFrames} feature frames per chunk. */
    HcqtFeatures features(float[] y, int chunkFrames) {
        checkInput(y);
        int rows = HARMONICS.length * BINS;
        int frames = FrameGrid.boundaries(frameCount(y.length), SAMPLE_RATE, HOP, HcqtFeatures.FRAME_RATE).length - 1;
        float[] lower = new float[Math.multiplyExact(rows, frames)];
        float[] upper = new float[lower.length];
        float[] max = {0};
        int[] bounds = runWhole(y, stages, chunkFrames, block -> {
            System.arraycopy(block.lower(), 0, lower, block.firstFrame() * rows, block.lower().length);
            System.arraycopy(block.upper(), 0, upper, block.firstFrame() * rows, block.upper().length);
            max[0] = Math.max(max[0], block.maxPower());
        });
        return new HcqtFeatures(bounds, rows, lower, upper, max[0]);
    }

    /** The reference computation of {@link #features(float[])}: whole resampled signals, one thread per STFT. */
    HcqtFeatures wholeSignalFeatures(float[] y) {
        checkInput(y);
        int n = frameCount(y.length);
        int[] bounds = FrameGrid.boundaries(n, SAMPLE_RATE, HOP, HcqtFeatures.FRAME_RATE);
        MedianReducer reducer = new MedianReducer(HARMONICS.length * BINS, bounds);
        CqtRunner.run(y, stages, n, reducer, threads);
        return reducer.result();
    }

    private int[] runWhole(float[] y, List<Stage> plan, int chunkFrames, HcqtStream.BlockSink sink) {
        try (HcqtStream s = new HcqtStream(this, plan, sink, threads, chunkFrames)) {
            s.acceptWhole(y);
            return s.finish();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A stream computing the reduced HCQT of a signal given block by block (see {@link HcqtStream}), with this
     * HCQT's thread count and {@link HcqtStream#DEFAULT_CHUNK_FRAMES}. Blocks have 1296 rows (harmonic-major).
     */
    public HcqtStream stream(HcqtStream.BlockSink sink) {
        return new HcqtStream(this, stages, sink, threads, HcqtStream.DEFAULT_CHUNK_FRAMES);
    }

    /** {@link #stream(HcqtStream.BlockSink)} with a chunk length in feature frames. */
    public HcqtStream stream(HcqtStream.BlockSink sink, int chunkFrames) {
        return new HcqtStream(this, stages, sink, threads, chunkFrames);
    }

    /**
     * A stream computing only the h = 1 CQT (216 rows per block), on the HCQT's frame grid: the blocks of
     * {@link #fundamentalMedianMagnitude(float[])}.
     */
    public HcqtStream fundamentalStream(HcqtStream.BlockSink sink) {
        return new HcqtStream(this, fundamentalOnly.stages(), sink, threads, HcqtStream.DEFAULT_CHUNK_FRAMES);
    }

    /**
     * Median magnitudes of the h = 1 slice at 25 Hz, computing only that CQT: the same values as
     * {@code features(y).medianMagnitude(FUNDAMENTAL)} (same frames, the HCQT's length), at a sixth of the cost.
     *
     * @param y samples at 22050 Hz
     * @return {@code [T][216]}
     * @throws IllegalArgumentException if the signal is too short (under 65 samples, 3 ms: the h = 0.5 CQT halves
     *                                  its 4× downsampled signal five times) or not finite everywhere
     */
    public float[][] fundamentalMedianMagnitude(float[] y) {
        checkInput(y);
        int frames = FrameGrid.boundaries(frameCount(y.length), SAMPLE_RATE, HOP, HcqtFeatures.FRAME_RATE).length - 1;
        float[][] out = new float[frames][];
        runWhole(y, fundamentalOnly.stages(), HcqtStream.DEFAULT_CHUNK_FRAMES, block -> {
            for (int f = 0; f < block.frames(); f++) {
                float[] row = new float[BINS];
                for (int b = 0; b < BINS; b++) row[b] = block.medianMagnitude(f, b);
                out[block.firstFrame() + f] = row;
            }
        });
        return out;
    }

    /** The reference computation of {@link #fundamentalMedianMagnitude(float[])} on whole signals. */
    float[][] wholeSignalFundamental(float[] y) {
        checkInput(y);
        int n = frameCount(y.length);
        int[] bounds = FrameGrid.boundaries(n, SAMPLE_RATE, HOP, HcqtFeatures.FRAME_RATE);
        MedianReducer reducer = new MedianReducer(BINS, bounds);
        CqtRunner.run(y, fundamentalOnly.stages(), n, reducer, threads);
        return reducer.medianMagnitudes();
    }
}
