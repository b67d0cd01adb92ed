package org.ctcretrieval.query.score;

import org.ctcretrieval.common.UsageException;

/**
 * An inclusive range of measure numbers as printed in the score, e.g. {@code 5-12}.
 *
 * @param first first measure number (may be 0 for a pickup measure numbered 0)
 * @param last  last measure number, {@code >= first}
 */
public record MeasureRange(int first, int last) {

    public MeasureRange {
        if (first < 0) throw new UsageException("measure numbers must be >= 0: " + first);
        if (last < first) {
            throw new UsageException("measure range ends before it starts: " + first + "-" + last);
        }
    }

    /**
     * Parses {@code "A-B"} or a single measure {@code "A"}.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static MeasureRange parse(String text) {
        String t = text.trim();
        try {
            int dash = t.indexOf('-', 1);
            if (dash < 0) {
                int m = Integer.parseInt(t);
                return new MeasureRange(m, m);
            }
            return new MeasureRange(Integer.parseInt(t.substring(0, dash).trim()),
                    Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid measure range '" + text + "' (expected A-B, e.g. 5-12)");
        }
    }

    /** Number of measure numbers in the range. */
    public int count() {
        return last - first + 1;
    }

    public boolean contains(int number) {
        return number >= first && number <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
