package org.ctcretrieval.query.eval;

import org.ctcretrieval.common.UsageException;

/**
 * How the evaluated system is asked to search; the same settings are used for every query of a run.
 *
 * @param topK       number of ranked recordings requested per query ({@code >= 1}); metrics are computed on
 *                   this truncated ranking, so a relevant recording ranked below {@code topK} counts as not
 *                   retrieved (AP@K)
 * @param candidates size of the candidate stage (recordings kept by the index before re-scoring); 0 = the
 *                   system's default
 * @param exhaustive {@code true}: skip the candidate stage and score every indexed recording
 */
public record SearchSettings(int topK, int candidates, boolean exhaustive) {
    /** Default {@code topK}: enough to rank every relevant recording in the benchmark collections. */
    public static final int DEFAULT_TOP_K = 100;

    public SearchSettings {
        if (topK < 1) throw new UsageException("top K must be at least 1: " + topK);
        if (candidates < 0) throw new UsageException("candidates must be >= 0 (0 = default): " + candidates);
    }

    /** Indexed search with {@link #DEFAULT_TOP_K} results and the system's default candidate count. */
    public static SearchSettings defaults() {
        return new SearchSettings(DEFAULT_TOP_K, 0, false);
    }

    /** "indexed" or "exhaustive", as used in reports and benchmark tables. */
    public String mode() {
        return exhaustive ? "exhaustive" : "indexed";
    }
}
