package org.ctcretrieval.indexer;

import java.util.List;

/**
 * Outcome of one indexing run.
 *
 * @param added     recordings indexed for the first time
 * @param updated   recordings re-indexed because their content hash changed
 * @param unchanged recordings skipped because the stored hash equals the file's
 * @param failed    files that could not be indexed, each as "path: reason" (the run continues past them)
 * @param total     live recordings in the index after the run
 */
public record IndexReport(int added, int updated, int unchanged, List<String> failed, int total) {}
