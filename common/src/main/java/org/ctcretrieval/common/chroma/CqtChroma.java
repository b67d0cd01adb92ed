package org.ctcretrieval.common.chroma;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtDerivedFeature;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;
import org.ctcretrieval.common.hcqt.HcqtFeatures;
import org.ctcretrieval.common.hcqt.TuningEstimator;
import org.ctcretrieval.common.hcqt.HcqtStream;

/**
 * Classic CQT chroma without a model (feature id {@code cqt}), on the same 25 Hz grid as the deep chroma.
 *
 * <p>Definition: take the h = 1 slice of the ctc_chroma HCQT (216 bins from 32.7 Hz, 36 per octave), reduce it to
 * 25 Hz with the per-bin median over each frame's hop frames ({@link org.ctcretrieval.common.hcqt.FrameGrid}), on
 * linear magnitudes; sum bin b into pitch class {@code (b / 3) % 12} (0 = C), exactly the fixed chroma pooling matrix
 * of the ctc_chroma network ({@code layer_with_weights-6}: bins 3p, 3p+1, 3p+2 of each octave, i.e. the semitone
 * and the two third-semitone bins above it); then divide each 12-vector by its L2 norm, with the uniform vector
 * 12^−1/2 for all-zero frames ({@code librosa.util.normalize(norm=2, fill=True)}, as the deep chroma).
 */
public final class CqtChroma implements HcqtDerivedFeature {
    /** Feature id stored in indexes. */
    public static final String ID = "cqt";
    /** Pitch classes. */
    public static final int CLASSES = 12;

    private final Hcqt hcqt;

    /** Chroma from the ctc_chroma HCQT parameters, computed with up to 2 threads. */
    public CqtChroma() {
        this(new Hcqt());
    }

    /** @param hcqt HCQT whose h = 1 slice is pooled */
    public CqtChroma(Hcqt hcqt) {
        this.hcqt = hcqt;
    }

    @Override
    public String id() {
        return ID;
    }

    /** 25 Hz. */
    @Override
    public double frameRate() {
        return HcqtFeatures.FRAME_RATE;
    }

    /**
     * Loads {@code audioFile} as librosa.load does (mono, 22050 Hz, kaiser_best) and computes its chroma; equal to
     * {@link #compute(float[])} of the loaded samples, but decoded and computed block by block in bounded memory
     * ({@link AudioHcqt}): each chunk of 25 Hz frames is pooled as soon as it is computed (no global reference is
     * involved), so only the 12-dimensional result grows with the recording.
     *
     * @throws InputException if the file cannot be decoded or is too short (under 3 ms) or not finite
     */
    @Override
    public FeatureSequence extract(Path audioFile) throws IOException {
        TuningEstimator tuning = new TuningEstimator();
        float[][] pooled = pooledFromFile(audioFile, "chroma features", false, tuning);
        return new FeatureSequence(ID, frameRate(), normalize(pooled), tuning.cents());
    }

    /**
     * Pitch-class sums of the 25 Hz median magnitudes (or, with {@code energy}, of their squares) of the h = 1
     * CQT of a file, streamed ({@link Hcqt#fundamentalStream}); the same magnitudes feed {@code tuning}.
     */
    float[][] pooledFromFile(Path audioFile, String what, boolean energy, TuningEstimator tuning) throws IOException {
        List<float[]> frames = new ArrayList<>();
        try (HcqtStream stream = hcqt.fundamentalStream(block -> {
            tuning.accept(block, 0);
            float[][] pitch = new float[1][Hcqt.BINS];
            for (int f = 0; f < block.frames(); f++) {
                for (int b = 0; b < Hcqt.BINS; b++) {
                    float m = block.medianMagnitude(f, b);
                    pitch[0][b] = energy ? m * m : m;
                }
                frames.add(pool(pitch)[0]);
            }
        })) {
            AudioHcqt.run(audioFile, what, stream);
        }
        return frames.toArray(new float[0][]);
    }

    /**
     * Chroma of a 22050 Hz signal.
     *
     * @param samples22050 mono samples at 22050 Hz
     * @return {@code [T][12]} L2-normalised chroma at 25 Hz, id {@code cqt}
     * @throws IllegalArgumentException if the signal is too short for the HCQT
     */
    public FeatureSequence compute(float[] samples22050) {
        return new FeatureSequence(ID, frameRate(), normalize(pool(pitchMagnitudes(samples22050))));
    }

    /**
     * Chroma from already computed HCQT features (e.g. those fed to a model), avoiding a second CQT; equal to
     * {@link #compute(float[])} of the same signal.
     */
    public static FeatureSequence fromFeatures(HcqtFeatures features) {
        return new FeatureSequence(ID, HcqtFeatures.FRAME_RATE,
                normalize(pool(features.medianMagnitude(Hcqt.FUNDAMENTAL))));
    }

    /**
     * Chroma pooled from the h = 1 median magnitudes of a stored HCQT (shared with deep chroma, see
     * {@link HcqtDerivedFeature}); equal to {@link #extract} of the same file. Read in chunks, so only the
     * 12-dimensional result grows with the recording.
     */
    @Override
    public FeatureSequence fromHcqt(HcqtFeatureStore store) throws IOException {
        int t = store.length();
        float[][] pooled = new float[t][];
        for (int from = 0; from < t; from += 2048) {
            int to = Math.min(t, from + 2048);
            float[][] chunk = pool(store.medianMagnitudes(from, to, Hcqt.FUNDAMENTAL));
            System.arraycopy(chunk, 0, pooled, from, to - from);
        }
        return new FeatureSequence(ID, frameRate(), normalize(pooled));
    }

    /** The 25 Hz median magnitudes of the h = 1 HCQT slice, {@code [T][216]}. */
    public float[][] pitchMagnitudes(float[] samples22050) {
        return hcqt.fundamentalMedianMagnitude(samples22050);
    }

    /** Pitch class of HCQT bin {@code b}: {@code (b / 3) % 12}. */
    public static int pitchClass(int bin) {
        return (bin / 3) % CLASSES;
    }

    /**
     * Sums the 216 bins of each frame into 12 pitch classes ({@link #pitchClass(int)}), without normalising.
     *
     * @param pitch {@code [T][216]} non-negative values
     * @return {@code [T][12]}
     */
    public static float[][] pool(float[][] pitch) {
        float[][] out = new float[pitch.length][CLASSES];
        for (int t = 0; t < pitch.length; t++) {
            double[] acc = new double[CLASSES];
            for (int b = 0; b < pitch[t].length; b++) acc[pitchClass(b)] += pitch[t][b];
            for (int c = 0; c < CLASSES; c++) out[t][c] = (float) acc[c];
        }
        return out;
    }

    /**
     * Divides every frame by its L2 norm; frames with norm below 2.2250738585072014e-308 become uniform
     * (librosa {@code normalize(norm=2, fill=True)}). Returns a new array.
     */
    public static float[][] normalize(float[][] frames) {
        float[][] out = new float[frames.length][];
        for (int t = 0; t < frames.length; t++) {
            float[] f = frames[t];
            double ss = 0;
            for (float v : f) ss += (double) v * v;
            double norm = Math.sqrt(ss);
            out[t] = new float[f.length];
            for (int c = 0; c < f.length; c++) {
                out[t][c] = (float) (norm < Double.MIN_NORMAL ? 1 / Math.sqrt(f.length) : f[c] / norm);
            }
        }
        return out;
    }
}
