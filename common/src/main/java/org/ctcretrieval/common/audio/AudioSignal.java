package org.ctcretrieval.common.audio;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A whole recording in memory: mono float32 samples at a known rate, as returned by {@code librosa.load}.
 *
 * @param samples    mono samples, nominally in [-1, 1] (not copied; treat as read-only)
 * @param sampleRate samples per second, in Hz
 * @param source     the file the samples were decoded from (may be {@code null} for synthetic signals)
 */
public record AudioSignal(float[] samples, int sampleRate, Path source) {
    public AudioSignal {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** Duration in seconds: {@code samples.length / sampleRate}. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}
