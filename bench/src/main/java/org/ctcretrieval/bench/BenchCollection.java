package org.ctcretrieval.bench;

import java.util.List;
import java.util.Set;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * A scaled collection for {@link SearchBenchmark}: recordings given as feature sequences made on demand (no audio),
 * and queries with the recordings that are relevant to them. Everything is planned from a seed up front, so the
 * same settings give the same collection and queries, and an index built once can be searched again.
 */
public interface BenchCollection {

    /**
     * A query: theme chroma at any frame rate, the IDs of the recordings that play it, and whether its tempo is
     * known (a score with a tempo mark is searched over 0.5x-2x, one without over 0.25x-4x, see
     * {@code SearchOptions#tempoRange()}).
     */
    record Query(FeatureSequence chroma, Set<String> relevant, boolean tempoKnown) {}

    /** Short description of where the material comes from, for the report. */
    String source();

    /** Number of recordings. */
    int recordings();

    /** ID of recording {@code r}. */
    String id(int r);

    /** Features of recording {@code r} at {@link #frameRate()}; thread-safe, the same frames on every call. */
    float[][] frames(int r);

    /** Frame rate of {@link #frames}, Hz. */
    double frameRate();

    /** Number of distinct works performed in the collection. */
    int works();

    /** The queries, in order. */
    List<Query> queries();
}
