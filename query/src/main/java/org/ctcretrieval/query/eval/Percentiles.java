package org.ctcretrieval.query.eval;

import java.util.Arrays;

/** Percentiles of latency samples. */
public final class Percentiles {
    private Percentiles() {}

    /**
     * The {@code p}-th percentile by the nearest-rank method: the smallest sample such that at least {@code p}
     * percent of the samples are less than or equal to it, i.e. the sample of 1-based rank
     * {@code ceil(p/100 * n)} in ascending order.
     *
     * @param p       percentile in (0, 100]
     * @param samples values, any order (not modified)
     * @return the percentile; NaN if there are no samples
     */
    public static double nearestRank(double p, double[] samples) {
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        if (samples.length == 0) return Double.NaN;
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
