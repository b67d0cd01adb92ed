package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.query.search.CandidateQuery;
import org.ctcretrieval.query.search.DtwWindows;
import org.ctcretrieval.query.search.RecordingMatcher;
import org.ctcretrieval.solr.ThemeParams;
import org.ctcretrieval.solr.ThemeParams.ShiftWindow;

/**
 * A theme as one shard sees it (decoded from the {@link ThemeParams} of the request) and the full DTW of one
 * recording against it, with the embedded searcher's {@link RecordingMatcher}. The part that depends on the theme
 * alone ({@link Theme}: the matcher of every time scaling and transposition, the shingle queries) is built once
 * per node and theme ({@link ThemeCache}); the windows are the request's own.
 */
final class ThemeScoring {
    final IndexSchema schema;
    final RecordingMatcher matcher;
    /** Spans per recording ID to match, grouped by shift in ascending order; null: whole recordings. */
    final Map<String, Map<Integer, List<DtwWindows.Window>>> windows;
    /** Identifies the theme and windows, for query equality. */
    final String key;
    /** The decoded theme, shared by every request of the node that searches it. */
    final Theme theme;

    /**
     * What a search's requests share: the collection's setup, the theme in every time scaling and transposition,
     * and each variant's shingle query (built on first use).
     */
    static final class Theme {
        final IndexSchema schema;
        final RecordingMatcher matcher;
        final ShingleQuantizer quantizer;
        private final CandidateQuery[] queries;
        private final boolean[] built;
        /**
         * The windowed DTW results of this node's DTW requests, by windows and recording (its ID and chroma): the
         * located matches of the returned recordings (the request's second phase, sent to the replica that ranked
         * them) start from them instead of matching the windows again. Bounded: a search ranks a few hundred
         * recordings.
         */
        private final Map<String, Optional<Best>> matches = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<Best>> eldest) {
                return size() > MATCHES;
            }
        };

        Theme(IndexSchema schema, RecordingMatcher matcher) {
            this.schema = schema;
            this.matcher = matcher;
            this.quantizer = new ShingleQuantizer(schema.quantizer());
            this.queries = new CandidateQuery[matcher.size()];
            this.built = new boolean[matcher.size()];
        }

        /**
         * The term states of the shingle terms, per shard index (its top reader context, held weakly: a new
         * searcher after a commit builds its own), so that every request of the search looks a term up in the
         * term dictionary once: for the collection's term statistics, the candidate query, the scores of its hits
         * and the windows. (A term's states hold no reference to the index, so a closed searcher's entry goes.)
         */
        private final Map<IndexReaderContext, Map<Term, TermStates>> termStates = new WeakHashMap<>();

        /** The term states of {@code term} in the index of {@code searcher}, looked up on first use. */
        TermStates termStates(IndexSearcher searcher, Term term) {
            Map<Term, TermStates> ofIndex;
            synchronized (termStates) {
                ofIndex = termStates.computeIfAbsent(searcher.getTopReaderContext(), k -> new ConcurrentHashMap<>());
            }
            TermStates states = ofIndex.get(term);
            if (states != null) return states;
            try {
                states = TermStates.build(searcher, term, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TermStates known = ofIndex.putIfAbsent(term, states);
            return known != null ? known : states;
        }

        /** The shingle query of a variant ({@link CandidateQuery#build}), null if it has too few shingles. */
        synchronized CandidateQuery query(int variant) {
            if (!built[variant]) {
                queries[variant] = CandidateQuery.build(quantizer, matcher.frames(variant));
                built[variant] = true;
            }
            return queries[variant];
        }
    }

    /** Windowed DTW results a theme keeps. */
    static final int MATCHES = 4096;

    private ThemeScoring(Theme theme, Map<String, List<ShiftWindow>> windows, String key) {
        this.theme = theme;
        this.schema = theme.schema;
        this.matcher = theme.matcher;
        int shifts = matcher.size();
        this.key = key;
        if (windows == null) {
            this.windows = null;
        } else {
            this.windows = new LinkedHashMap<>();
            for (Map.Entry<String, List<ShiftWindow>> e : windows.entrySet()) {
                Map<Integer, List<DtwWindows.Window>> byShift = new TreeMap<>();
                for (ShiftWindow w : e.getValue()) {
                    if (w.shift() < 0 || w.shift() >= shifts) throw bad("window shift " + w.shift() + " out of range");
                    byShift.computeIfAbsent(w.shift(), k -> new ArrayList<>()).add(w.window());
                }
                this.windows.put(e.getKey(), byShift);
            }
        }
    }

    /**
     * The theme of a request, from the node's cache if one of its requests has decoded it already.
     *
     * @param node the node (its CoreContainer) whose cache to use
     * @throws SolrException (400) if a parameter is missing or malformed
     */
    static ThemeScoring from(SolrParams params, boolean withWindows, Object node) {
        String q = params.get(ThemeParams.QUERY);
        String setup = params.get(ThemeParams.SETUP);
        if (q == null || setup == null) throw bad("parameters " + ThemeParams.QUERY + " and " + ThemeParams.SETUP + " are required");
        String shifts = params.get(ThemeParams.SHIFTS, "0");
        String scales = params.get(ThemeParams.SCALES, "1");
        String w = withWindows ? params.get(ThemeParams.WINDOWS) : null;
        String themeKey = ThemeCache.key(q, setup, shifts, scales);
        try {
            Theme theme = ThemeCache.of(node).get(themeKey, () -> decode(q, setup, shifts, scales));
            return new ThemeScoring(theme, w == null ? null : ThemeParams.decodeWindows(w),
                    w == null ? themeKey : themeKey + '\u0000' + ThemeCache.key(w));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static Theme decode(String q, String setup, String shifts, String scales) {
        IndexSchema schema = ThemeParams.decodeSetup(setup);
        String[] qs = q.split(";");
        double[] scale = Arrays.stream(scales.split(",")).mapToDouble(Double::parseDouble).toArray();
        int[] semitones = Arrays.stream(shifts.split(",")).mapToInt(Integer::parseInt).toArray();
        if (qs.length != scale.length) throw bad("one query per time scaling is required");
        for (int s : semitones) if (s < 0 || s > 11) throw bad(ThemeParams.SHIFTS + " must be semitones 0 to 11");
        float[][][] frames = new float[qs.length][][];
        for (int i = 0; i < qs.length; i++) {
            frames[i] = ThemeParams.decodeQuery(qs[i]);
            if (frames[i].length == 0 || frames[i][0].length != schema.dimension()) throw bad("query chroma does not fit the setup");
        }
        // the client sends the theme at the retrieval rate in every time scaling searched
        return new Theme(schema, new RecordingMatcher(scale, semitones, frames, schema));
    }

    /**
     * The 8-bit chroma of a document of {@code reader} (top-level document number), copied from its segment's
     * doc values; null if it has none (the setup document).
     */
    static byte[] chroma(IndexReader reader, int docid) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docid, leaves));
        BinaryDocValues values = leaf.reader().getBinaryDocValues(IndexSchema.FIELD_CHROMA);
        if (values == null || !values.advanceExact(docid - leaf.docBase)) return null;
        BytesRef b = values.binaryValue();
        return Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
    }

    static SolrException bad(String message) {
        return new SolrException(SolrException.ErrorCode.BAD_REQUEST, "ctcr: " + message);
    }

    /** Best match of one recording over its shifts (ties: the lower shift), or null if none. */
    record Best(int shift, RecordingMatcher.Match match) {}

    /**
     * The full DTW of one recording: inside its windows, or whole when the search is exhaustive.
     *
     * @param id    the recording's ID (needed only with windows)
     * @param codes its 8-bit chroma, from offset 0
     * @return the best match, or null if the recording has no windows or no window allowed a match
     */
    Best best(String id, byte[] codes) {
        Best best = null;
        if (windows == null) {
            float[] rec = org.ctcretrieval.common.index.RetrievalFeatures.dequantizeNormalized(codes, 0, codes.length, schema.dimension());
            for (int v = 0; v < matcher.size(); v++) best = better(best, v, matcher.whole(v, rec, codes.length / schema.dimension()));
            return best;
        }
        Map<Integer, List<DtwWindows.Window>> byShift = windows.get(id);
        if (byShift == null) return null;
        // (the chroma's digest too: a recording indexed again under its ID with other audio is matched anew)
        String memo = key + '\u0000' + id + '\u0000' + ThemeCache.key(codes);
        synchronized (theme.matches) {
            Optional<Best> known = theme.matches.get(memo);
            if (known != null) return known.orElse(null);
        }
        // the client sent only windows with enough support, so none is skipped here
        for (Map.Entry<Integer, List<DtwWindows.Window>> e : byShift.entrySet()) {
            best = better(best, e.getKey(), matcher.fine(e.getKey(), codes, e.getValue(), 0));
        }
        synchronized (theme.matches) {
            theme.matches.put(memo, Optional.ofNullable(best));
        }
        return best;
    }

    private Best better(Best best, int variant, RecordingMatcher.Match m) {
        if (m.end() == null) return best;
        if (best == null || matcher.rankCost(m.end().cost(), variant)
                < matcher.rankCost(best.match().end().cost(), best.shift())) return new Best(variant, m);
        return best;
    }

    /**
     * The recording's matches over its whole length (best first, at most {@code occurrences}), located as the
     * embedded searcher locates its top hits ({@link RecordingMatcher#locate}).
     */
    List<RecordingMatcher.Located> locate(byte[] codes, Best best, int occurrences) {
        return matcher.locate(codes, best.shift(), best.match(), occurrences);
    }

    /**
     * Lucene score of a DTW cost: decreasing in the cost and one-to-one on the non-negative floats up to 2 (the
     * largest normalised cosine cost), so that sorting by score is sorting by cost with nothing lost to
     * rounding; the shards' hits merge by it. It reverses the order of the float bit patterns, which for
     * non-negative floats is the numeric order.
     */
    static float scoreOf(float cost) {
        float c = Math.max(0f, Math.min(2f, cost));
        return Float.intBitsToFloat(Float.floatToIntBits(2f) - Float.floatToIntBits(c));
    }
}
