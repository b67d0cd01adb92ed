package org.ctcretrieval.query.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The performance tempos a search matches, relative to the query's tempo: 0.5 = played at half the speed of the
 * score (twice as long), 2 = twice as fast.
 *
 * <p>Subsequence DTW with steps (1,1), (2,1), (1,2) only follows performances between half and twice the query's
 * tempo. A wider range is searched with time-scaled copies of the query ({@link #scales()}): a copy stretched by
 * a factor f (f times as many frames) matches performances lasting between f/2 and 2f times the query. The factors
 * are powers of sqrt(2), so every tempo in the range lies within a factor 2^(1/4) (about 19 %) of a copy and the
 * matching path stays close to the diagonal, where the three step sizes cost alike.
 *
 * @param slowest slowest relative tempo matched, &gt; 0 (default 0.25)
 * @param fastest fastest relative tempo matched, &gt;= slowest (default 4)
 */
public record TempoRange(double slowest, double fastest) {
    /**
     * 0.25x to 4x: from a slow movement played at a quarter of its marked tempo to four times as fast; the default
     * for a score without a tempo mark.
     */
    public static final TempoRange DEFAULT = new TempoRange(0.25, 4);
    /**
     * Default for a score with a tempo mark: half to twice the marked tempo, with copies at 0.71, 1 and 1.41 (the
     * DTW steps of the query alone reach the ends of the range, but only along a steep path). Wider ranges match
     * unrelated music more easily: on the ASAP benchmark the whole 0.25x-4x range cost 0.06 mAP for classic
     * chroma, this one gained 0.015 (docs/index-design.md).
     */
    public static final TempoRange MARKED = new TempoRange(0.5, 2);
    /** Only the query's own tempo: one copy, the DTW steps alone (0.5x to 2x). */
    public static final TempoRange NOTATED = new TempoRange(1, 1);

    public TempoRange {
        if (!(slowest > 0) || !(fastest >= slowest) || Double.isInfinite(fastest)) {
            throw new IllegalArgumentException("tempo range must be two positive numbers, slowest first: " + slowest + "-" + fastest);
        }
    }

    /**
     * Parses {@code A-B} (e.g. {@code 0.25-4}) or a single number (only that tempo; {@code 1} = the query's own).
     *
     * @throws IllegalArgumentException naming the text if it is not such a range
     */
    public static TempoRange parse(String text) {
        String t = text.strip();
        try {
            int dash = t.indexOf('-', 1);
            if (dash < 0) {
                double v = Double.parseDouble(t);
                return new TempoRange(v, v);
            }
            return new TempoRange(Double.parseDouble(t.substring(0, dash)), Double.parseDouble(t.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tempo range must be SLOWEST-FASTEST, e.g. 0.25-4, or one number: '" + text + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tempo range must be two positive numbers, slowest first, e.g. 0.25-4: '" + text + "'");
        }
    }

    /**
     * Factors by which the query is stretched in time (its length in frames is multiplied), ascending; always
     * contains 1. Factor {@code 2^(k/2)} is used for every k with {@code 2^(k/2)} between {@code sqrt(2) / fastest}
     * and {@code 1 / (sqrt(2) slowest)}, so the DTW steps of the outermost copies reach past the range ends.
     */
    public double[] scales() {
        int lo = (int) Math.ceil(2 * log2(1 / fastest) + 1 - 1e-9);
        int hi = (int) Math.floor(2 * log2(1 / slowest) - 1 + 1e-9);
        List<Double> out = new ArrayList<>();
        for (int k = Math.min(lo, 0); k <= Math.max(hi, 0); k++) {
            if (k == 0 || (k >= lo && k <= hi)) out.add(Math.pow(2, k / 2.0));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public String toString() {
        return slowest == fastest ? fmt(slowest) + "x" : fmt(slowest) + "x-" + fmt(fastest) + "x";
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("\\.?0+$", "") : s;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
