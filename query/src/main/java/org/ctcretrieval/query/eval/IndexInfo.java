package org.ctcretrieval.query.eval;

import java.util.OptionalDouble;

/**
 * Facts about the searched index, reported next to the metrics and used by {@link BenchmarkTable}.
 *
 * @param featureId    feature the index holds ({@code cqt}, {@code cens} or a model ID)
 * @param recordings   number of indexed recordings
 * @param sizeBytes    total size of the index folder on disk, bytes
 * @param buildSeconds wall-clock time it took to build the index, seconds (empty if unknown)
 */
public record IndexInfo(String featureId, int recordings, long sizeBytes, OptionalDouble buildSeconds) {}
