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
 * @param transpose  {@code true}: search every transposition of each query, not only the written key
 * @param slowestTempo slowest performance tempo matched, relative to the score's; NaN (default) = the search's
 *                     default (0.5 for a score with a tempo mark, 0.25 without)
 * @param fastestTempo fastest performance tempo matched, relative to the score's; NaN (default) = the search's
 *                     default (2 with a tempo mark, 4 without)
 * @param neighbours {@code true}: also search each query one semitone up and down (implied by transpose; default
 *                   as the search's, {@link org.ctcretrieval.query.search.SearchOptions#DEFAULT_NEIGHBOURS})
 */
public record SearchSettings(int topK, int candidates, boolean exhaustive, boolean transpose, double slowestTempo,
                             double fastestTempo, boolean neighbours) {
    /** Default {@code topK}: enough to rank every relevant recording in the benchmark collections. */
    public static final int DEFAULT_TOP_K = 100;

    public SearchSettings {
        if (topK < 1) throw new UsageException("top K must be at least 1: " + topK);
        if (Double.isNaN(slowestTempo) != Double.isNaN(fastestTempo)
                || !Double.isNaN(slowestTempo) && (!(slowestTempo > 0) || !(fastestTempo >= slowestTempo))) {
            throw new UsageException("tempo range must be two positive numbers, slowest first: " + slowestTempo + "-" + fastestTempo);
        }
        if (candidates < 0) throw new UsageException("candidates must be >= 0 (0 = default): " + candidates);
    }

    /** Settings searching the written key only, at the default tempo range. */
    public SearchSettings(int topK, int candidates, boolean exhaustive) {
        this(topK, candidates, exhaustive, false);
    }

    /** Settings at the search's default tempo range. */
    public SearchSettings(int topK, int candidates, boolean exhaustive, boolean transpose) {
        this(topK, candidates, exhaustive, transpose, Double.NaN, Double.NaN,
                org.ctcretrieval.query.search.SearchOptions.DEFAULT_NEIGHBOURS);
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
