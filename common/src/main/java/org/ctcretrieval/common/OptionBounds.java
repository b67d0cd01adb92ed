package org.ctcretrieval.common;

import java.util.Locale;

/**
 * Checks a numeric option against sane bounds before anything is allocated from it, so that {@code --rate 1e9}
 * is refused with one line naming the option instead of running out of memory. Throws
 * {@link IllegalArgumentException}, which the command line reports as a usage error (exit status 2).
 */
public final class OptionBounds {
    private OptionBounds() {}

    /** Requires {@code min <= value <= max} (and a finite value). */
    public static double require(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new UsageException(String.format(Locale.ROOT, "%s must be between %s and %s, not %s",
                    option, plain(min), plain(max), plain(value)));
        }
        return value;
    }

    /** Requires {@code min <= value <= max}. */
    public static int require(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(String.format(Locale.ROOT, "%s must be between %d and %d, not %d",
                    option, min, max, value));
        }
        return value;
    }

    private static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
