package org.ctcretrieval.common.features;

import java.util.Objects;

/**
 * A sequence of feature vectors at a fixed frame rate, e.g. 12-dimensional chroma at 25 Hz.
 *
 * <p>{@code frames[t]} is the vector of frame {@code t}; frame {@code t} is centred at {@code t / frameRate}
 * seconds, as {@code time_ax} in the original {@code apply_model.py}. Arrays are not copied: treat them as
 * read-only once the sequence is built.
 */
public final class FeatureSequence {
    private final String featureId;
    private final double frameRate;
    private final float[][] frames;
    private final double tuningCents;

    /**
     * @param featureId what produced the features ({@code cqt}, {@code cens} or a model ID)
     * @param frameRate frames per second
     * @param frames    {@code [T][D]} values, all rows of equal length
     */
    public FeatureSequence(String featureId, double frameRate, float[][] frames) {
        this(featureId, frameRate, frames, Double.NaN);
    }

    /**
     * @param featureId   what produced the features
     * @param frameRate   frames per second
     * @param frames      {@code [T][D]} values, all rows of equal length
     * @param tuningCents tuning offset of the audio from A=440 Hz in cents, estimated while extracting; NaN if
     *                    unknown (e.g. features of a score)
     */
    public FeatureSequence(String featureId, double frameRate, float[][] frames, double tuningCents) {
        this.featureId = Objects.requireNonNull(featureId);
        if (!(frameRate > 0)) throw new IllegalArgumentException("frame rate must be positive: " + frameRate);
        this.frameRate = frameRate;
        this.frames = Objects.requireNonNull(frames);
        for (float[] f : frames) {
            if (f.length != dimension()) throw new IllegalArgumentException("ragged feature frames");
        }
        this.tuningCents = tuningCents;
    }

    /** Tuning offset of the audio from A=440 Hz in cents (-50..50), NaN if unknown. */
    public double tuningCents() {
        return tuningCents;
    }

    /** This sequence with a tuning offset (frames not copied). */
    public FeatureSequence withTuningCents(double cents) {
        return new FeatureSequence(featureId, frameRate, frames, cents);
    }

    public String featureId() {
        return featureId;
    }

    public double frameRate() {
        return frameRate;
    }

    /** Number of frames T. */
    public int length() {
        return frames.length;
    }

    /** Vector size D (12 for chroma); 0 for an empty sequence. */
    public int dimension() {
        return frames.length == 0 ? 0 : frames[0].length;
    }

    /** Frame {@code t} (not copied). */
    public float[] frame(int t) {
        return frames[t];
    }

    /** All frames, {@code [T][D]} (not copied). */
    public float[][] frames() {
        return frames;
    }

    /** Time of frame {@code t} in seconds. */
    public double timeOf(int t) {
        return t / frameRate;
    }

    /** Duration covered, {@code T / frameRate} seconds. */
    public double durationSeconds() {
        return frames.length / frameRate;
    }

    /** The time axis, one entry per frame, in seconds (the {@code time_ax} of the original package). */
    public float[] timeAxis() {
        float[] t = new float[frames.length];
        for (int i = 0; i < t.length; i++) t[i] = (float) timeOf(i);
        return t;
    }
}
