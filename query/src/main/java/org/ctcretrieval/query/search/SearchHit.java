package org.ctcretrieval.query.search;

import java.util.List;

/**
 * One ranked recording.
 *
 * @param rank           1-based rank
 * @param id             recording ID (the absolute path it was indexed from)
 * @param cost           subsequence-DTW cost of the best match, normalised by query length (lower is better)
 * @param startSeconds   start of the matching passage in the recording, seconds
 * @param endSeconds     end of the matching passage, seconds
 * @param candidateScore BM25 score of the term search (NaN when the search was exhaustive)
 * @param transposition  semitones the query was shifted up to obtain this match (0 without --transpose)
 * @param tempo          performance tempo of the best match relative to the query's: query duration divided by
 *                       the matched span's (0.5 = played half as fast); NaN if unknown
 * @param tuningCents    tuning offset of the recording from A=440 Hz in cents (-50..50), estimated at indexing
 *                       time; NaN if the index does not know it
 * @param occurrences    the best match and further non-overlapping matches in this recording, best first (at most
 *                       {@link SearchOptions#occurrences()}); the first is the match described by cost, start and end
 */
public record SearchHit(int rank, String id, double cost, double startSeconds, double endSeconds,
                        double candidateScore, int transposition, double tempo, double tuningCents,
                        List<Occurrence> occurrences) {
    public SearchHit {
        occurrences = List.copyOf(occurrences);
    }

    /** A hit with one occurrence, unknown tempo and tuning. */
    public SearchHit(int rank, String id, double cost, double startSeconds, double endSeconds,
                     double candidateScore, int transposition) {
        this(rank, id, cost, startSeconds, endSeconds, candidateScore, transposition, Double.NaN, Double.NaN,
                List.of(new Occurrence(cost, startSeconds, endSeconds, Double.NaN)));
    }

    /**
     * One matching passage of the recording.
     *
     * @param cost         normalised DTW cost
     * @param startSeconds start, seconds
     * @param endSeconds   end, seconds
     * @param tempo        performance tempo relative to the query's (see {@link SearchHit#tempo()})
     */
    public record Occurrence(double cost, double startSeconds, double endSeconds, double tempo) {}
}
