package org.ctcretrieval.query.search;

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
 */
public record SearchHit(int rank, String id, double cost, double startSeconds, double endSeconds,
                        double candidateScore, int transposition) {}
