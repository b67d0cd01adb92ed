package org.ctcretrieval.indexer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * The recordings of an index as an indexing run found them: per path its content hash and file stamp, per hash its
 * paths, and the stored chroma of each, from which a moved or copied file's document is rebuilt without extracting
 * its features again. Reads one commit; the run's own changes are not seen.
 */
final class IndexedRecordings {
    /** One live recording: where it is in the reader, its content hash and stamp (null in indexes without one). */
    record Stored(String id, String hash, FileStamp stamp, int leaf, int doc) {}

    private final DirectoryReader reader;
    private final Map<String, Stored> byId = new HashMap<>();
    private final Map<String, List<Stored>> byHash = new HashMap<>();

    private IndexedRecordings(DirectoryReader reader) {
        this.reader = reader;
    }

    /** Reads every live recording of {@code reader}; the reader must stay open while this is used. */
    static IndexedRecordings read(DirectoryReader reader) throws IOException {
        IndexedRecordings r = new IndexedRecordings(reader);
        Set<String> fields = Set.of(IndexSchema.FIELD_ID, IndexSchema.FIELD_HASH);
        for (LeafReaderContext leaf : reader.leaves()) {
            StoredFields stored = leaf.reader().storedFields();
            NumericDocValues sizes = leaf.reader().getNumericDocValues(FileStamp.FIELD_SIZE);
            NumericDocValues times = leaf.reader().getNumericDocValues(FileStamp.FIELD_MODIFIED);
            Bits live = leaf.reader().getLiveDocs();
            for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                if (live != null && !live.get(d)) continue;
                Document doc = stored.document(d, fields);
                FileStamp stamp = null;
                if (sizes != null && times != null && sizes.advanceExact(d) && times.advanceExact(d)) {
                    stamp = new FileStamp(sizes.longValue(), times.longValue());
                }
                Stored s = new Stored(doc.get(IndexSchema.FIELD_ID), doc.get(IndexSchema.FIELD_HASH), stamp, leaf.ord, d);
                r.byId.put(s.id(), s);
                r.byHash.computeIfAbsent(s.hash(), k -> new ArrayList<>()).add(s);
            }
        }
        return r;
    }

    /** An empty view, for a new index. */
    static IndexedRecordings none() {
        return new IndexedRecordings(null);
    }

    Stored get(String id) {
        return byId.get(id);
    }

    boolean hasHash(String hash) {
        return byHash.containsKey(hash);
    }

    /** The recordings with this content hash, in index order. */
    List<Stored> withHash(String hash) {
        return byHash.getOrDefault(hash, List.of());
    }

    /** Every recording path. */
    Set<String> ids() {
        return byId.keySet();
    }

    /** The stored 8-bit chroma codes of a recording. */
    byte[] chroma(Stored s) throws IOException {
        BinaryDocValues values = reader.leaves().get(s.leaf()).reader().getBinaryDocValues(IndexSchema.FIELD_CHROMA);
        if (values == null || !values.advanceExact(s.doc())) {
            throw new IOException(s.id() + ": indexed recording has no chroma (the index is corrupt)");
        }
        BytesRef b = values.binaryValue();
        return java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
    }

    /** The stored tuning offset of a recording in cents, NaN if none was estimated. */
    double tuningCents(Stored s) throws IOException {
        var leaf = reader.leaves().get(s.leaf()).reader();
        var field = leaf.storedFields().document(s.doc()).getField(IndexSchema.FIELD_TUNING);
        return field == null || field.numericValue() == null ? Double.NaN : field.numericValue().doubleValue();
    }
}
