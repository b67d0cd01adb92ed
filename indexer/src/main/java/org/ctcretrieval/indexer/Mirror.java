package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * The part of an indexing run that keeps the index a mirror of its folder: moves the document of a renamed file,
 * copies that of a file with indexed content, refreshes file stamps, and removes the recordings whose files are
 * gone. Used by the single thread that writes; a recording counts as gone when its path is neither among the
 * files of the run nor exists on disk.
 */
final class Mirror {
    /** Where a file with already indexed content went: moved from a gone path, or copied from a live twin. */
    record Placed(String movedFrom, String twin) {}

    private final IndexedRecordings known;
    private final Set<String> live;
    private final RecordingDocuments documents;
    private final Set<String> movedAway = new HashSet<>();
    private final Map<String, String> writtenByHash = new HashMap<>();
    private final List<String> duplicates = new ArrayList<>();
    private boolean stampsUpdatable = true;
    private int moved;

    Mirror(IndexedRecordings known, Set<String> live, RecordingDocuments documents) {
        this.known = known;
        this.live = live;
        this.documents = documents;
    }

    /** A path is gone if this run does not index it and no file is there any more. */
    private boolean gone(String id) {
        return !live.contains(id) && !Files.exists(Path.of(id));
    }

    /**
     * Indexes the file {@code id}, whose content ({@code hash}) is already in the index under another path: moves
     * the first such recording whose file is gone, else copies the document of one that is live and reports the
     * duplicate.
     */
    Placed place(IndexWriter writer, String id, String hash, FileStamp stamp) throws IOException {
        List<IndexedRecordings.Stored> same = known.withHash(hash);
        for (IndexedRecordings.Stored s : same) {
            if (movedAway.contains(s.id()) || !gone(s.id())) continue;
            writer.updateDocument(new Term(IndexSchema.FIELD_ID, id), documents.rebuild(id, hash, stamp, known.chroma(s), known.tuningCents(s)));
            writer.deleteDocuments(new Term(IndexSchema.FIELD_ID, s.id()));
            movedAway.add(s.id());
            writtenByHash.putIfAbsent(hash, id);
            moved++;
            return new Placed(s.id(), null);
        }
        IndexedRecordings.Stored source = same.get(0);
        String twin = writtenByHash.getOrDefault(hash, source.id());
        for (IndexedRecordings.Stored s : same) {
            if (!movedAway.contains(s.id()) && !gone(s.id())) {
                twin = s.id();
                break;
            }
        }
        writer.updateDocument(new Term(IndexSchema.FIELD_ID, id), documents.rebuild(id, hash, stamp, known.chroma(source), known.tuningCents(source)));
        duplicates.add(id + ": same content as " + twin);
        return new Placed(null, twin);
    }

    /** Notes a document written from extracted features, reporting it if a file of this run had the same content. */
    void written(String id, String hash) {
        String twin = writtenByHash.putIfAbsent(hash, id);
        if (twin != null) duplicates.add(id + ": same content as " + twin);
    }

    /** Stores the new stamp of an unchanged file (in place, as doc values), so the next run need not hash it. */
    void refreshStamp(IndexWriter writer, String id, FileStamp stamp) throws IOException {
        if (!stampsUpdatable) return;
        try {
            writer.updateDocValues(new Term(IndexSchema.FIELD_ID, id),
                    new NumericDocValuesField(FileStamp.FIELD_SIZE, stamp.size()),
                    new NumericDocValuesField(FileStamp.FIELD_MODIFIED, stamp.modifiedMillis()));
        } catch (IllegalArgumentException e) {
            // an index written before stamps existed has no such fields to update: its files are hashed each run
            stampsUpdatable = false;
        }
    }

    /**
     * Deletes the recordings whose path starts with {@code scope} (the indexed folder, with a trailing separator)
     * and whose files are gone, except those moved in this run.
     *
     * @return how many were deleted
     */
    int removeGone(IndexWriter writer, String scope) throws IOException {
        int removed = 0;
        for (String id : known.ids()) {
            if (!id.startsWith(scope) || movedAway.contains(id) || !gone(id)) continue;
            writer.deleteDocuments(new Term(IndexSchema.FIELD_ID, id));
            removed++;
        }
        return removed;
    }

    int moved() {
        return moved;
    }

    List<String> duplicates() {
        return List.copyOf(duplicates);
    }
}
