package org.ctcretrieval.query.eval;

import java.util.Objects;

/**
 * One entry of a ranking.
 *
 * @param recordingId  the recording (see {@link RecordingIds})
 * @param cost         matching cost, lower is better (NaN if the system gives none)
 * @param startSeconds start of the matched span in the recording, seconds (NaN if unknown)
 * @param endSeconds   end of the matched span, seconds (NaN if unknown)
 */
public record RankedHit(String recordingId, double cost, double startSeconds, double endSeconds) {
    public RankedHit {
        Objects.requireNonNull(recordingId);
    }

    /** A hit known only by its recording ID. */
    public static RankedHit of(String recordingId) {
        return new RankedHit(recordingId, Double.NaN, Double.NaN, Double.NaN);
    }
}
