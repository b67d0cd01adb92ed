package org.ctcretrieval.indexer;

import java.util.List;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.common.index.ShingleQuantizer.Shingle;

/** Builds the Lucene document of one recording (layout in {@link IndexSchema}). */
public final class RecordingDocuments {
    /**
     * Shingle terms: term frequencies and length norms for BM25, positions = start frames (see
     * {@link ShingleTokenStream}).
     */
    static final FieldType SHINGLE_TYPE = new FieldType();

    static {
        SHINGLE_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        SHINGLE_TYPE.setTokenized(true);
        SHINGLE_TYPE.setOmitNorms(false);
        SHINGLE_TYPE.setStored(false);
        SHINGLE_TYPE.freeze();
    }

    private final IndexSchema schema;
    private final ShingleQuantizer quantizer;

    public RecordingDocuments(IndexSchema schema) {
        this.schema = schema;
        this.quantizer = new ShingleQuantizer(schema.quantizer());
    }

    /**
     * The document of a recording.
     *
     * @param id       recording ID (absolute normalised path)
     * @param sha256   content hash of the file
     * @param features extractor output at any rate; resampled to the schema's retrieval rate here
     * @throws IllegalArgumentException if the feature dimension differs from the schema's
     */
    public Document build(String id, String sha256, FeatureSequence features) {
        return build(id, sha256, null, features);
    }

    /**
     * The document of a recording with the size and modification time of its file ({@link FileStamp}; null for
     * none), so that the next run can skip the file without hashing it.
     */
    public Document build(String id, String sha256, FileStamp stamp, FeatureSequence features) {
        if (features.length() > 0 && features.dimension() != schema.dimension()) {
            throw new IllegalArgumentException(id + ": features have dimension " + features.dimension()
                    + ", the index expects " + schema.dimension());
        }
        FeatureSequence retrieval = RetrievalFeatures.resample(features, schema.retrievalRate());
        return atRetrievalRate(id, sha256, stamp, retrieval.frames(), features.tuningCents());
    }

    private Document atRetrievalRate(String id, String sha256, FileStamp stamp, float[][] frames, double tuningCents) {
        Document doc = new Document();
        doc.add(new StringField(IndexSchema.FIELD_ID, id, Field.Store.YES));
        doc.add(new StoredField(IndexSchema.FIELD_HASH, sha256));
        doc.add(new StoredField(IndexSchema.FIELD_FRAMES, frames.length));
        if (!Double.isNaN(tuningCents)) {
            doc.add(new StoredField(IndexSchema.FIELD_TUNING, (float) tuningCents));
        }
        if (stamp != null) {
            doc.add(new NumericDocValuesField(FileStamp.FIELD_SIZE, stamp.size()));
            doc.add(new NumericDocValuesField(FileStamp.FIELD_MODIFIED, stamp.modifiedMillis()));
        }
        doc.add(new BinaryDocValuesField(IndexSchema.FIELD_CHROMA, new BytesRef(RetrievalFeatures.quantize8(frames))));
        Map<String, List<Shingle>> byField = new java.util.LinkedHashMap<>();
        for (Shingle s : quantizer.shingles(frames)) byField.computeIfAbsent(s.field(), k -> new java.util.ArrayList<>()).add(s);
        for (Map.Entry<String, List<Shingle>> e : byField.entrySet()) {
            // Positions must not decrease within a field: sort by start frame (a stable sort keeps time order).
            List<Shingle> list = e.getValue();
            list.sort(java.util.Comparator.comparingInt(Shingle::startFrame));
            doc.add(new Field(e.getKey(), new ShingleTokenStream(list), SHINGLE_TYPE));
        }
        return doc;
    }

    /**
     * The document of a recording rebuilt from the stored 8-bit chroma of another document with the same content
     * (a moved or copied file), without extracting its features again. The stored chroma is the same bytes; the
     * search terms are computed from it, so they agree with those of a fresh extraction up to the 8-bit rounding.
     *
     * @param codes       {@link RetrievalFeatures#quantize8} codes at the schema's retrieval rate
     * @param tuningCents the recording's tuning offset ({@link IndexSchema#FIELD_TUNING}), NaN if unknown
     */
    public Document rebuild(String id, String sha256, FileStamp stamp, byte[] codes, double tuningCents) {
        int d = schema.dimension();
        float[][] frames = new float[codes.length / d][d];
        for (int t = 0; t < frames.length; t++) {
            for (int j = 0; j < d; j++) frames[t][j] = (codes[t * d + j] & 0xff) / 255f;
        }
        return atRetrievalRate(id, sha256, stamp, frames, tuningCents);
    }

    /** The ID under which a file is indexed: its absolute, normalised path. */
    public static String idOf(java.nio.file.Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
