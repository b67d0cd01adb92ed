package org.ctcretrieval.query.search;

/**
 * Settings of one search.
 *
 * @param top        number of recordings to return (default 10)
 * @param candidates number of recordings the term search hands to the coarse and full DTW passes (default
 *                   {@link #DEFAULT_CANDIDATES}); ignored when exhaustive
 * @param transpose  also search the 11 other transpositions of the query (default false; costs 12x the DTW)
 * @param exhaustive skip the term search and run DTW against every recording (default false)
 * @param threads    DTW threads (default: number of cores)
 */
public record SearchOptions(int top, int candidates, boolean transpose, boolean exhaustive, int threads) {
    /**
     * Default candidate count: on 1,000 hours of transformed real deep chroma, 300 candidates keep 0.90 of the
     * relevant recordings of the exhaustive top 10 (100 keep 0.81, 1,000 keep 0.93 at twice the latency); see
     * docs/index-design.md.
     */
    public static final int DEFAULT_CANDIDATES = 300;

    public SearchOptions {
        if (top < 1 || candidates < 1 || threads < 1) throw new IllegalArgumentException("top, candidates and threads must be >= 1");
    }

    public static SearchOptions defaults() {
        return new SearchOptions(10, DEFAULT_CANDIDATES, false, false, Runtime.getRuntime().availableProcessors());
    }

    public SearchOptions withTop(int n) {
        return new SearchOptions(n, candidates, transpose, exhaustive, threads);
    }

    public SearchOptions withCandidates(int n) {
        return new SearchOptions(top, n, transpose, exhaustive, threads);
    }

    public SearchOptions withTranspose(boolean t) {
        return new SearchOptions(top, candidates, t, exhaustive, threads);
    }

    public SearchOptions withExhaustive(boolean e) {
        return new SearchOptions(top, candidates, transpose, e, threads);
    }

    public SearchOptions withThreads(int n) {
        return new SearchOptions(top, candidates, transpose, exhaustive, n);
    }
}
