package org.ctcretrieval.query.eval;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RetrievalSystem} answers to one query.
 *
 * @param hits       the ranking, best first, each recording at most once
 * @param candidates recordings kept by the candidate stage (any order); empty when the search had no candidate
 *                   stage (exhaustive search)
 * @param latency    time the system spent answering the query (from the score file to the ranking)
 */
public record RankedResult(List<RankedHit> hits, Optional<List<String>> candidates, Duration latency) {
    public RankedResult {
        hits = List.copyOf(hits);
        candidates = Objects.requireNonNull(candidates).map(List::copyOf);
        Objects.requireNonNull(latency);
    }

    /** A ranking given by recording IDs only, with a candidate stage. */
    public static RankedResult of(List<String> rankedIds, List<String> candidates, Duration latency) {
        return new RankedResult(rankedIds.stream().map(RankedHit::of).toList(), Optional.of(candidates), latency);
    }

    /** A ranking given by recording IDs only, without a candidate stage. */
    public static RankedResult exhaustive(List<String> rankedIds, Duration latency) {
        return new RankedResult(rankedIds.stream().map(RankedHit::of).toList(), Optional.empty(), latency);
    }

    /** Recording IDs of the ranking, best first. */
    public List<String> rankedIds() {
        return hits.stream().map(RankedHit::recordingId).toList();
    }
}
