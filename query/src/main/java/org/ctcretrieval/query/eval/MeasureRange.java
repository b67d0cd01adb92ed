package org.ctcretrieval.query.eval;

/**
 * An inclusive range of score measures, written {@code first-last} (e.g. {@code 5-12}) or as a single number.
 *
 * <p>Numbers are MusicXML {@code <measure number="...">} values as printed in the score: a pickup (anacrusis)
 * measure is usually numbered 0, the first full measure 1.
 *
 * @param first first measure, inclusive, {@code >= 0}
 * @param last  last measure, inclusive, {@code >= first}
 */
public record MeasureRange(int first, int last) {
    public MeasureRange {
        if (first < 0) throw new IllegalArgumentException("measure numbers must be >= 0: " + first);
        if (last < first) throw new IllegalArgumentException("measure range ends before it starts: " + first + "-" + last);
    }

    /**
     * Parses {@code first-last} or a single measure number {@code n} (meaning {@code n-n}).
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static MeasureRange parse(String text) {
        String s = text.strip();
        int dash = s.indexOf('-', 1);
        try {
            if (dash < 0) {
                int n = Integer.parseInt(s);
                return new MeasureRange(n, n);
            }
            return new MeasureRange(Integer.parseInt(s.substring(0, dash).strip()),
                    Integer.parseInt(s.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("measure range must be FIRST-LAST with whole numbers, e.g. 5-12: '"
                    + text + "'");
        }
    }

    /** Number of measures in the range. */
    public int count() {
        return last - first + 1;
    }

    /** The {@code first-last} form read by {@link #parse}. */
    @Override
    public String toString() {
        return first + "-" + last;
    }
}
