package org.ctcretrieval.common.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Layout and setup of a ctc-retrieval Lucene index: the field names every document carries, the format version,
 * and the feature setup the collection was indexed with. The setup is written into the user data of every Lucene
 * commit ({@link #toUserData()}), so a reader can refuse a query or an indexing run whose setup differs.
 *
 * <p>Documents (one per recording):
 * <ul>
 *   <li>{@link #FIELD_ID}: the recording's absolute, normalised path; indexed as one keyword and stored</li>
 *   <li>{@link #FIELD_HASH}: SHA-256 of the file's bytes (hex), stored; an unchanged file is skipped on re-runs</li>
 *   <li>{@link #FIELD_FRAMES}: number of chroma frames at the retrieval rate, stored</li>
 *   <li>{@link #FIELD_TUNING}: the recording's tuning offset from A=440 Hz in cents (-50..50, float), stored
 *       ({@link org.ctcretrieval.common.hcqt.TuningEstimator}); absent if it could not be estimated</li>
 *   <li>{@link #FIELD_CHROMA}: binary doc value, {@code frames * dimension} bytes of 8-bit chroma
 *       ({@link RetrievalFeatures#quantize8}) at {@link #retrievalRate()}: all that subsequence DTW needs</li>
 *   <li>{@link #FIELD_SHINGLES_TOP1}, {@link #FIELD_SHINGLES_TOP2}, {@link #FIELD_SHINGLES_TOP3}: quantised chroma
 *       shingles as terms
 *       ({@link ShingleQuantizer}), for the candidate search</li>
 * </ul>
 *
 * @param featureId     extractor that produced the features: {@code cqt}, {@code cens} or a deep-chroma model ID
 *                      (e.g. {@code v2_ctc_train345valid1}); it names both the feature type and the model
 * @param featureRate   frame rate of the extractor output, Hz (e.g. 25)
 * @param dimension     feature dimension (12 for chroma)
 * @param retrievalRate frame rate of the stored chroma and of DTW, Hz (default {@link #DEFAULT_RETRIEVAL_RATE})
 * @param quantizer     parameters of the shingle terms
 */
public record IndexSchema(String featureId, double featureRate, int dimension, double retrievalRate,
                          ShingleQuantizer.Params quantizer) {
    /** Version of the document layout above; bumped whenever it changes incompatibly (3: tuning offsets). */
    public static final int FORMAT_VERSION = 3;
    /** Retrieval rate used unless configured: 10 Hz, i.e. 0.1 s resolution of match boundaries. */
    public static final double DEFAULT_RETRIEVAL_RATE = 10.0;

    public static final String FIELD_ID = "id";
    public static final String FIELD_HASH = "sha256";
    public static final String FIELD_FRAMES = "frames";
    public static final String FIELD_CHROMA = "chroma";
    public static final String FIELD_TUNING = "tuning";
    public static final String FIELD_SHINGLES_TOP1 = "sh1";
    public static final String FIELD_SHINGLES_TOP2 = "sh2";
    public static final String FIELD_SHINGLES_TOP3 = "sh3";

    static final String KEY_FORMAT = "ctcr.format";
    static final String KEY_FEATURE = "ctcr.feature";
    static final String KEY_FEATURE_RATE = "ctcr.featureRate";
    static final String KEY_DIMENSION = "ctcr.dimension";
    static final String KEY_RETRIEVAL_RATE = "ctcr.retrievalRate";
    static final String KEY_SMOOTH = "ctcr.shingle.smoothFrames";
    static final String KEY_N1 = "ctcr.shingle.top1N";
    static final String KEY_N2 = "ctcr.shingle.top2N";
    static final String KEY_N3 = "ctcr.shingle.top3N";
    static final String KEY_MIN_RUN = "ctcr.shingle.minRun";

    public IndexSchema {
        Objects.requireNonNull(featureId);
        Objects.requireNonNull(quantizer);
        if (!(featureRate > 0) || !(retrievalRate > 0) || dimension <= 0) {
            throw new IllegalArgumentException("rates and dimension must be positive");
        }
    }

    /** Schema with the default retrieval rate and shingle parameters for an extractor's output. */
    public static IndexSchema forFeatures(String featureId, double featureRate, int dimension) {
        return new IndexSchema(featureId, featureRate, dimension, DEFAULT_RETRIEVAL_RATE,
                ShingleQuantizer.Params.DEFAULT);
    }

    /** The key/value pairs stored as Lucene commit user data. */
    public Map<String, String> toUserData() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_FORMAT, Integer.toString(FORMAT_VERSION));
        m.put(KEY_FEATURE, featureId);
        m.put(KEY_FEATURE_RATE, Double.toString(featureRate));
        m.put(KEY_DIMENSION, Integer.toString(dimension));
        m.put(KEY_RETRIEVAL_RATE, Double.toString(retrievalRate));
        m.put(KEY_SMOOTH, Integer.toString(quantizer.smoothFrames()));
        m.put(KEY_N1, Integer.toString(quantizer.top1N()));
        m.put(KEY_N2, Integer.toString(quantizer.top2N()));
        m.put(KEY_N3, Integer.toString(quantizer.top3N()));
        m.put(KEY_MIN_RUN, Integer.toString(quantizer.minRun()));
        return m;
    }

    /**
     * Reads a schema back from commit user data.
     *
     * @throws IllegalArgumentException naming the problem if keys are missing, malformed, or the format version
     *                                  differs from {@link #FORMAT_VERSION}
     */
    public static IndexSchema fromUserData(Map<String, String> data) {
        String format = data.get(KEY_FORMAT);
        if (format == null) throw new IllegalArgumentException("not a ctc-retrieval index (no " + KEY_FORMAT + " in commit data)");
        if (!format.equals(Integer.toString(FORMAT_VERSION))) {
            throw new IllegalArgumentException("index format version " + format + " is not supported (this version reads "
                    + FORMAT_VERSION + "); re-index the collection");
        }
        try {
            return new IndexSchema(require(data, KEY_FEATURE),
                    Double.parseDouble(require(data, KEY_FEATURE_RATE)),
                    Integer.parseInt(require(data, KEY_DIMENSION)),
                    Double.parseDouble(require(data, KEY_RETRIEVAL_RATE)),
                    new ShingleQuantizer.Params(Integer.parseInt(require(data, KEY_SMOOTH)),
                            Integer.parseInt(require(data, KEY_N1)), Integer.parseInt(require(data, KEY_N2)),
                            Integer.parseInt(require(data, KEY_N3)), Integer.parseInt(require(data, KEY_MIN_RUN))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed index setup in commit data: " + e.getMessage());
        }
    }

    /**
     * Lists how {@code requested} differs from this (stored) schema, e.g.
     * {@code "features: index has cens, requested cqt"}; empty if they are interchangeable.
     */
    public List<String> differences(IndexSchema requested) {
        List<String> diffs = new ArrayList<>();
        if (!featureId.equals(requested.featureId)) diffs.add("features: index has " + featureId + ", requested " + requested.featureId);
        if (featureRate != requested.featureRate) diffs.add("feature rate: index has " + featureRate + " Hz, requested " + requested.featureRate + " Hz");
        if (dimension != requested.dimension) diffs.add("dimension: index has " + dimension + ", requested " + requested.dimension);
        if (retrievalRate != requested.retrievalRate) diffs.add("retrieval rate: index has " + retrievalRate + " Hz, requested " + requested.retrievalRate + " Hz");
        if (!quantizer.equals(requested.quantizer)) diffs.add("shingle parameters: index has " + quantizer + ", requested " + requested.quantizer);
        return diffs;
    }

    /** One-line human-readable description. */
    public String describe() {
        return "features " + featureId + " (" + featureRate + " Hz, " + dimension + "-dim), retrieval rate " + retrievalRate
                + " Hz, " + quantizer;
    }

    private static String require(Map<String, String> data, String key) {
        String v = data.get(key);
        if (v == null) throw new IllegalArgumentException("index setup incomplete: missing " + key + "; re-index the collection");
        return v;
    }
}
