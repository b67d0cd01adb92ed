package org.ctcretrieval.common.audio;

import java.util.Locale;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.common.progress.ItemProgress;

/**
 * Bounds on what a recording may declare, checked when it is opened, before any large allocation: a damaged or
 * hostile header (a WAV that says 1 Hz, so that resampling it to 22050 Hz makes hours of audio of a few kilobytes)
 * is refused at once with a message that names the file and the bound.
 *
 * @param minRate    lowest sample rate accepted, Hz (default {@value #DEFAULT_MIN_RATE})
 * @param maxRate    highest sample rate accepted, Hz (default {@value #DEFAULT_MAX_RATE})
 * @param maxSeconds longest recording accepted, in seconds of audio; configured with the system property
 *                   {@code ctcr.maxAudioHours} or the environment variable {@code CTCR_MAX_AUDIO_HOURS} (default
 *                   {@value #DEFAULT_MAX_HOURS} hours)
 */
public record AudioLimits(int minRate, int maxRate, double maxSeconds) {
    public static final int DEFAULT_MIN_RATE = 1000;
    public static final int DEFAULT_MAX_RATE = 768_000;
    public static final double DEFAULT_MAX_HOURS = 24;
    /** Environment variable that sets the longest recording accepted, in hours. */
    public static final String MAX_HOURS_VARIABLE = "CTCR_MAX_AUDIO_HOURS";

    public AudioLimits {
        if (minRate < 1 || maxRate < minRate || !(maxSeconds > 0)) {
            throw new IllegalArgumentException("audio limits must satisfy 1 <= minRate <= maxRate and maxSeconds > 0");
        }
    }

    /** The default rate range and the configured (or default) longest duration. */
    public static AudioLimits configured() {
        String text = System.getProperty("ctcr.maxAudioHours", System.getenv(MAX_HOURS_VARIABLE));
        double hours = DEFAULT_MAX_HOURS;
        if (text != null && !text.isBlank()) {
            try {
                hours = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                hours = Double.NaN;
            }
            if (!(hours > 0) || hours > 1e6) {
                throw new UsageException(MAX_HOURS_VARIABLE + " must be a number of hours > 0, not '" + text + "'");
            }
        }
        return new AudioLimits(DEFAULT_MIN_RATE, DEFAULT_MAX_RATE, hours * 3600);
    }

    /** Null if {@code rate} is accepted, else the reason. */
    String rateProblem(int rate) {
        if (rate >= minRate && rate <= maxRate) return null;
        return String.format(Locale.ROOT, "sample rate %d Hz is outside the supported range %d-%d Hz "
                + "(a damaged header?)", rate, minRate, maxRate);
    }

    /** The reason a recording of {@code seconds} is refused. */
    String tooLong(double seconds, String how) {
        return String.format(Locale.ROOT, "%s %s of audio, more than the limit of %s (set %s to raise it)",
                how, ItemProgress.clock(seconds), ItemProgress.clock(maxSeconds), MAX_HOURS_VARIABLE);
    }
}
