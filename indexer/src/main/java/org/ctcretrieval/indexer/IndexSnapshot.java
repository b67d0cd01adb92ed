package org.ctcretrieval.indexer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * A read-only view of the last commit of an index: a consistent snapshot even while an indexer keeps adding
 * documents (Lucene commits are atomic; a reader never sees uncommitted batches).
 */
public final class IndexSnapshot implements Closeable {
    private final Path path;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSchema schema;
    private final IndexSearcher searcher;
    /** {@link #audioHours()}, counted on first need (the snapshot never changes); NaN until then. */
    private volatile double audioHours = Double.NaN;

    private IndexSnapshot(Path path, Directory directory, DirectoryReader reader, IndexSchema schema) {
        this.path = path;
        this.directory = directory;
        this.reader = reader;
        this.schema = schema;
        this.searcher = new IndexSearcher(reader);
    }

    /**
     * Opens the last commit of the index in {@code indexDir}.
     *
     * @throws InputException if the folder does not exist, holds no index, is corrupt, or was not written by
     *                        ctc-retrieval (or by an incompatible format version)
     */
    public static IndexSnapshot open(Path indexDir) throws IOException {
        requireIndexFolder(indexDir);
        if (FeatureSetLayout.isFused(indexDir)) {
            throw new InputException(indexDir, "index of several features ("
                    + FeatureSetLayout.describe(FeatureSetLayout.readManifest(indexDir))
                    + "): open it as a fused index (FusedSearcher), or one feature's sub-folder");
        }
        Directory dir = FSDirectory.open(indexDir);
        try {
            if (!DirectoryReader.indexExists(dir)) {
                throw new InputException(indexDir, "no index here (build one with 'ctcr index -i AUDIO_DIR -x "
                        + indexDir + "')");
            }
            DirectoryReader reader = DirectoryReader.open(dir);
            try {
                IndexSchema schema = schemaOf(indexDir, reader.getIndexCommit().getUserData());
                return new IndexSnapshot(indexDir, dir, reader, schema);
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw translate(indexDir, e);
        }
    }

    static void requireIndexFolder(Path indexDir) throws InputException {
        if (!Files.exists(indexDir)) throw new InputException(indexDir, "index folder does not exist");
        if (!Files.isDirectory(indexDir)) throw new InputException(indexDir, "not a folder (an index is a folder)");
    }

    /** Parses the schema from commit user data, reporting problems against the index folder. */
    static IndexSchema schemaOf(Path indexDir, Map<String, String> userData) throws InputException {
        try {
            return IndexSchema.fromUserData(userData);
        } catch (IllegalArgumentException e) {
            throw new InputException(indexDir, e.getMessage());
        }
    }

    /** Maps Lucene's low-level failures to a message that names the index folder. */
    static IOException translate(Path indexDir, Exception e) {
        if (e instanceof InputException ie) return ie;
        if (e instanceof CorruptIndexException || e instanceof IndexFormatTooOldException
                || e instanceof IndexFormatTooNewException || e instanceof NoSuchFileException
                || e instanceof java.io.EOFException) {
            return new InputException(indexDir, "index is corrupt or unreadable (" + e.getMessage()
                    + "); delete the folder and index again", e);
        }
        if (e instanceof IOException io) return io;
        return new InputException(indexDir, "cannot read index: " + e, e);
    }

    public Path path() {
        return path;
    }

    public IndexSchema schema() {
        return schema;
    }

    public DirectoryReader reader() {
        return reader;
    }

    /** A searcher over this snapshot (default BM25 similarity). */
    public IndexSearcher searcher() {
        return searcher;
    }

    /** Number of live recordings. */
    public int recordings() {
        return reader.numDocs();
    }

    /** The recording ID (absolute path) of a top-level document. */
    public String id(int doc) throws IOException {
        return reader.storedFields().document(doc).get(IndexSchema.FIELD_ID);
    }

    /**
     * The recording's tuning offset from A=440 Hz in cents ({@link IndexSchema#FIELD_TUNING}), NaN if it was not
     * estimated.
     */
    public double tuningCents(int doc) throws IOException {
        var field = reader.storedFields().document(doc).getField(IndexSchema.FIELD_TUNING);
        return field == null || field.numericValue() == null ? Double.NaN : field.numericValue().doubleValue();
    }

    /**
     * The 8-bit chroma codes of a document ({@code frames * dimension} bytes), read from doc values. Creates a
     * fresh iterator per call; for scans over many documents use {@link #chromaValues(LeafReader)}.
     */
    public byte[] chroma(int doc) throws IOException {
        int leafIndex = ReaderUtil.subIndex(doc, reader.leaves());
        LeafReaderContext leaf = reader.leaves().get(leafIndex);
        BinaryDocValues values = chromaValues(leaf.reader());
        int local = doc - leaf.docBase;
        if (values == null || !values.advanceExact(local)) {
            throw new InputException(path, "document " + doc + " has no chroma (index is corrupt)");
        }
        BytesRef b = values.binaryValue();
        return java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
    }

    /** Frames at the retrieval rate over all live recordings (a scan of the chroma doc values). */
    public long totalFrames() throws IOException {
        long bytes = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            BinaryDocValues values = chromaValues(leaf.reader());
            if (values == null) continue;
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            for (int doc = values.nextDoc(); doc != BinaryDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                if (live == null || live.get(doc)) bytes += values.binaryValue().length;
            }
        }
        return bytes / schema.dimension();
    }

    /** Hours of audio over all live recordings: {@link #totalFrames()} at the retrieval rate, counted once. */
    public double audioHours() throws IOException {
        double hours = audioHours;
        if (Double.isNaN(hours)) audioHours = hours = totalFrames() / schema.retrievalRate() / 3600;
        return hours;
    }

    /** Chroma doc values of one segment (null if the segment holds no recording). */
    public static BinaryDocValues chromaValues(LeafReader leaf) throws IOException {
        return leaf.getBinaryDocValues(IndexSchema.FIELD_CHROMA);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            directory.close();
        }
    }
}
