package org.ctcretrieval.query.search;

import java.util.List;

/**
 * Answer to one search.
 *
 * @param hits           ranked recordings, best (lowest cost) first
 * @param scored         number of (recording, transposition, tempo scaling) triples handed to DTW (windows with
 *                       too little support are skipped inside them)
 * @param exhaustive     true if DTW ran against every recording (requested, or because the query produced no
 *                       shingle terms, e.g. a query shorter than a shingle)
 * @param candidateDocs  Lucene document numbers handed to DTW by the term search (empty when exhaustive)
 * @param tempo          the range of performance tempos searched, relative to the query's
 */
public record SearchResult(List<SearchHit> hits, int scored, boolean exhaustive, List<Integer> candidateDocs,
                           TempoRange tempo) {
    /** A result of a search at the default tempo range. */
    public SearchResult(List<SearchHit> hits, int scored, boolean exhaustive, List<Integer> candidateDocs) {
        this(hits, scored, exhaustive, candidateDocs, TempoRange.DEFAULT);
    }
}
