package org.ctcretrieval.query.search;

/**
 * Settings of one search.
 *
 * @param top          number of recordings to return (default 10)
 * @param candidates   number of recordings the term search hands to the coarse and full DTW passes (default
 *                     {@link #DEFAULT_CANDIDATES}); ignored when exhaustive
 * @param transpose    also search the 11 other transpositions of the query (default false; costs 12x the DTW)
 * @param exhaustive   skip the term search and run DTW against every recording (default false)
 * @param threads      DTW threads (default: number of cores)
 * @param tempo        performance tempos, relative to the query's, that are matched; null (the default) = by
 *                     {@code tempoKnown}: {@link TempoRange#MARKED} (0.5x-2x) for a query of known tempo,
 *                     {@link TempoRange#DEFAULT} (0.25x-4x) otherwise
 * @param neighbours   also search the query one semitone up and down (historical pitch such as A=415, editions
 *                     a semitone away), ranked behind untransposed matches by {@link ThemeSearcher#SHIFT_PENALTY};
 *                     implied by {@code transpose}; default {@link #DEFAULT_NEIGHBOURS}
 * @param occurrences  matches listed per recording at most: non-overlapping spans, best first (default 1)
 * @param tempoKnown   whether the query's tempo is known (a score with a tempo mark, or a tempo given); decides
 *                     the default tempo range (default true)
 * @param keyKnown     whether the query states its key (a score does; a hummed melody does not): if so, a transposed
 *                     match ranks behind an untransposed one by {@link ThemeSearcher#SHIFT_PENALTY} and the
 *                     untransposed candidates have their own refinement budget; if not, every transposition is an
 *                     equal hypothesis, ranked by its cost alone (default true)
 * @param neighbourCandidates candidates of each semitone neighbour's term search; 0 (the default) = a share
 *                     {@link #NEIGHBOUR_SHARE} of {@code candidates}. With {@code transpose} every key gets
 *                     {@code candidates}; a query of unknown key then matches only the best
 *                     {@link #sharedCandidates()} of all keys' candidates.
 * @param deadline     when the search gives up with a {@link SearchTimeoutException} (default {@link SearchDeadline#NONE}:
 *                     never); a server gives every search one
 */
public record SearchOptions(int top, int candidates, boolean transpose, boolean exhaustive, int threads,
                            TempoRange tempo, boolean neighbours, int occurrences, boolean tempoKnown, boolean keyKnown,
                            int neighbourCandidates, SearchDeadline deadline) {
    /**
     * Default candidate count: on 1,000 hours of transformed real deep chroma, 300 candidates keep 0.90 of the
     * relevant recordings of the exhaustive top 10 (100 keep 0.81, 1,000 keep 0.93 at twice the latency); see
     * docs/index-design.md.
     */
    public static final int DEFAULT_CANDIDATES = 300;

    /**
     * Whether the default search tries one semitone up and down as well: on the ASAP benchmark it changed cqt mAP by
     * +0.001 (0.791 to 0.792, indexed), while a recording at A=415 went from rank 6 to rank 1 on the fixtures; see
     * docs/index-design.md.
     */
    public static final boolean DEFAULT_NEIGHBOURS = true;

    public SearchOptions {
        if (top < 1 || candidates < 1 || threads < 1) throw new IllegalArgumentException("top, candidates and threads must be >= 1");
        if (neighbourCandidates < 0) throw new IllegalArgumentException("neighbour candidates must be >= 0: " + neighbourCandidates);
        if (occurrences < 1) throw new IllegalArgumentException("occurrences must be >= 1: " + occurrences);
        if (deadline == null) deadline = SearchDeadline.NONE;
    }

    /** Settings without the tempo range, semitone neighbours and occurrences: their defaults. */
    public SearchOptions(int top, int candidates, boolean transpose, boolean exhaustive, int threads) {
        this(top, candidates, transpose, exhaustive, threads, null, DEFAULT_NEIGHBOURS, 1, true, true, 0, SearchDeadline.NONE);
    }

    public static SearchOptions defaults() {
        return new SearchOptions(10, DEFAULT_CANDIDATES, false, false, Runtime.getRuntime().availableProcessors());
    }

    public SearchOptions withTop(int n) {
        return new SearchOptions(n, candidates, transpose, exhaustive, threads, tempo, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withCandidates(int n) {
        return new SearchOptions(top, n, transpose, exhaustive, threads, tempo, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withTranspose(boolean t) {
        return new SearchOptions(top, candidates, t, exhaustive, threads, tempo, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withExhaustive(boolean e) {
        return new SearchOptions(top, candidates, transpose, e, threads, tempo, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withThreads(int n) {
        return new SearchOptions(top, candidates, transpose, exhaustive, n, tempo, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withTempo(TempoRange t) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, t, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withNeighbours(boolean n) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, tempo, n, occurrences, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withOccurrences(int n) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, tempo, neighbours, n, tempoKnown, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withTempoKnown(boolean known) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, tempo, neighbours, occurrences, known, keyKnown, neighbourCandidates, deadline);
    }

    public SearchOptions withKeyKnown(boolean known) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, tempo, neighbours, occurrences, tempoKnown, known, neighbourCandidates, deadline);
    }

    /** The same options with {@code n} candidates per semitone neighbour (0: the default share). */
    public SearchOptions withNeighbourCandidates(int n) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, tempo, neighbours, occurrences, tempoKnown, keyKnown, n, deadline);
    }

    /** The same options with a search that gives up at {@code d}. */
    public SearchOptions withDeadline(SearchDeadline d) {
        return new SearchOptions(top, candidates, transpose, exhaustive, threads, tempo, neighbours, occurrences, tempoKnown, keyKnown, neighbourCandidates, d);
    }

    /**
     * Candidates of a semitone neighbour's term search, as a share of {@link #candidates()}: the neighbours are a
     * hypothesis for the few recordings a semitone off (historical pitch), and their candidates cost as much DTW
     * work as the written key's; see docs/index-design.md for the measurement.
     */
    public static final double NEIGHBOUR_SHARE = 1.0 / 3;

    /**
     * Budget of a query of unknown key ({@code keyKnown} false, several keys searched), in term searches' worth of
     * candidates: each key's term search keeps its best {@code candidates}, and of those (twelve times as many)
     * only the best {@code SHARED_KEYS * candidates} (recording, key) pairs of all keys are matched. On 1,000 hours
     * of transformed deep chroma 8 kept the MRR of the sung benchmark (0.344 against 0.338 with every key's 300),
     * lost 0.006 of P@10 and cut the CPU time of a query by a fifth; docs/benchmark.md has the other budgets.
     */
    public static final int SHARED_KEYS = 8;

    /** (Recording, key) pairs matched for a query of unknown key: {@link #SHARED_KEYS} times {@code candidates}. */
    public int sharedCandidates() {
        return SHARED_KEYS * candidates;
    }

    /** Candidates of the term search of transposition {@code semitones} (0..11). */
    public int candidatesOfShift(int semitones) {
        if (semitones == 0 || transpose || !keyKnown) return candidates; // every key an equal hypothesis
        return neighbourCandidates > 0 ? neighbourCandidates : Math.max(1, (int) Math.round(NEIGHBOUR_SHARE * candidates));
    }

    /** The tempo range searched: {@link #tempo()}, or the default for {@link #tempoKnown()}. */
    public TempoRange tempoRange() {
        return tempo != null ? tempo : tempoKnown ? TempoRange.MARKED : TempoRange.DEFAULT;
    }

    /** The transpositions searched, in semitones up (0 first): all 12, or 0 and the neighbours +1 and -1 (= 11). */
    int[] shifts() {
        if (transpose) return new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        return neighbours ? new int[] {0, 1, 11} : new int[] {0};
    }
}
