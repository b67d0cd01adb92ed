package org.ctcretrieval.indexer;

import java.util.List;

/**
 * Outcome of one indexing run.
 *
 * @param added      recordings indexed for the first time (including copies of indexed content, see
 *                   {@code duplicates})
 * @param updated    recordings re-indexed because their content hash changed
 * @param unchanged  recordings skipped because their file stamp or content hash is unchanged
 * @param failed     files that could not be indexed, each as "path: reason" (the run continues past them)
 * @param total      live recordings in the index after the run
 * @param removed    recordings under the indexed folder whose files are gone, deleted from the index
 * @param moved      recordings whose file was renamed or moved: the document moved to the new path without
 *                   extracting its features again
 * @param duplicates files whose content is also indexed under another live path, each as
 *                   "path: same content as other-path" (both are kept)
 * @param warnings   problems with files that were indexed all the same, each naming the file (e.g. truncated)
 */
public record IndexReport(int added, int updated, int unchanged, List<String> failed, int total, int removed,
                          int moved, List<String> duplicates, List<String> warnings) {
    public IndexReport {
        failed = List.copyOf(failed);
        duplicates = List.copyOf(duplicates);
        warnings = List.copyOf(warnings);
    }

    /** A run that removed, moved and found nothing else. */
    public IndexReport(int added, int updated, int unchanged, List<String> failed, int total) {
        this(added, updated, unchanged, failed, total, 0, 0, List.of(), List.of());
    }
}
