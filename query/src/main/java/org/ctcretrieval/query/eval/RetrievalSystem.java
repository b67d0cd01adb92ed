package org.ctcretrieval.query.eval;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A search engine under evaluation: answers a score query with a ranking of recordings.
 *
 * <p>Implementations adapt the real search (score snippet -> chroma query -> candidate stage -> re-scoring); the
 * {@link Evaluator} only sees this interface so it can be tested with fixed rankings.
 */
public interface RetrievalSystem extends AutoCloseable {

    /**
     * Answers one query.
     *
     * @param query    the score snippet and its part/staff/measure selection
     * @param settings ranking length, candidate count and whether to skip the candidate stage
     * @return the ranking (best first), the candidate stage and the time taken
     * @throws IOException if the score cannot be read (an {@code InputException} naming the file)
     */
    RankedResult search(QuerySpec query, SearchSettings settings) throws IOException;

    /**
     * IDs of every indexed recording, if known. The evaluator then rejects queries whose relevant recordings are
     * not indexed (a typo in a query file would otherwise silently lower every metric).
     */
    default Optional<Set<String>> indexedRecordings() {
        return Optional.empty();
    }

    /** Facts about the index (feature, size, build time), if known. */
    default Optional<IndexInfo> indexInfo() {
        return Optional.empty();
    }

    /** Releases the index; the default does nothing. */
    @Override
    default void close() throws IOException {}
}
