package org.ctcretrieval.query.audio;

import org.ctcretrieval.common.UsageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.ContentHash;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.audio.QueryAudio.AudioSpan;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.TempoRange;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * Query by audio over an index: the library entry point for the command line, the evaluation and a server (which
 * hands in uploaded bytes with {@link #search(byte[], String, Kind, AudioSpan, SearchOptions)}). In an index of
 * several features ({@link #over(FusedSearcher, FeatureExtractors, PitchTracker)}) an excerpt searches the first
 * feature and a sung melody the feature that keeps melodies best ({@link MelodyFeature}).
 *
 * <ul>
 *   <li><b>Excerpt</b> (another performance): the index's own feature extractor (the feature ID stored in the
 *       index setup) runs on the excerpt, and the search proceeds as for a score theme. The recording the excerpt
 *       was cut from (same SHA-256 as an indexed recording) is left out of the ranking unless asked for.</li>
 *   <li><b>Sung</b> (hummed, sung, whistled): {@link SungMelody} transcribes the melody to notes and melody
 *       chroma, searched as a score; callers usually turn on transposition ({@link SearchOptions#withTranspose})
 *       so the key the user hummed in does not matter, and each hit's {@link SearchHit#transposition()} is the
 *       key shift found.</li>
 * </ul>
 * Safe for concurrent searches; feature extraction runs one excerpt at a time.
 */
public final class AudioSearch implements Closeable {
    /** What an audio query holds. */
    public enum Kind {
        /** an excerpt of a performance: find the other performances */
        EXCERPT,
        /** a hummed, sung or whistled melody */
        SUNG;

        public static Kind parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "", "excerpt", "audio" -> EXCERPT;
                case "sung", "hummed", "whistled" -> SUNG;
                default -> throw new UsageException("audio query kind must be 'excerpt' or 'sung': '" + text + "'");
            };
        }
    }

    /** The feature index excerpts search (its extractor runs on them). */
    private final ThemeSearcher excerpts;
    /** The feature index sung melodies search. */
    private final ThemeSearcher melodies;
    private final FeatureExtractors extractors;
    private final PitchTracker tracker;
    private FeatureExtractor extractor;

    /**
     * @param searcher   the index to search, by excerpts and melodies alike (not closed by {@link #close()})
     * @param extractors where the index's feature extractor is found
     * @param tracker    pitch tracking of sung queries
     */
    public AudioSearch(ThemeSearcher searcher, FeatureExtractors extractors, PitchTracker tracker) {
        this(searcher, searcher, extractors, tracker);
    }

    private AudioSearch(ThemeSearcher excerpts, ThemeSearcher melodies, FeatureExtractors extractors, PitchTracker tracker) {
        this.excerpts = excerpts;
        this.melodies = melodies;
        this.extractors = extractors;
        this.tracker = tracker;
    }

    /**
     * Over an index of one or several features: excerpts search its first feature, sung melodies the feature
     * {@link MelodyFeature#of} chooses (the same unless the index is fused).
     *
     * @param index searched, not closed by {@link #close()}
     */
    public static AudioSearch over(FusedSearcher index, FeatureExtractors extractors, PitchTracker tracker) {
        return new AudioSearch(index.searcher(0), index.searcher(MelodyFeature.of(index.features())), extractors, tracker);
    }

    /** With every extractor on the class path and the default pitch detector. */
    public static AudioSearch over(ThemeSearcher searcher) {
        return new AudioSearch(searcher, FeatureExtractors.discover(), new PitchTracker(PitchTracker.DEFAULT));
    }

    /** With every extractor on the class path and the default pitch detector. */
    public static AudioSearch over(FusedSearcher index) {
        return over(index, FeatureExtractors.discover(), new PitchTracker(PitchTracker.DEFAULT));
    }

    /**
     * The feature index that queries of this kind search: a result's {@link SearchResult#candidateDocs()} are its
     * documents, and its {@link IndexSchema#featureId()} the feature searched.
     */
    public ThemeSearcher searcher(Kind kind) {
        return kind == Kind.SUNG ? melodies : excerpts;
    }

    public PitchTracker tracker() {
        return tracker;
    }

    /**
     * Searches with uploaded audio: spools {@code bytes} to a temporary file (named like {@code fileName}, whose
     * extension tells the decoder the format), checks and searches it.
     *
     * @throws org.ctcretrieval.common.InputException if the audio is unusable (naming {@code fileName})
     */
    public SearchResult search(byte[] bytes, String fileName, Kind kind, AudioSpan span, SearchOptions options)
            throws IOException {
        if (bytes.length > QueryAudio.MAX_FILE_BYTES) {
            throw new org.ctcretrieval.common.InputException(Path.of(fileName), String.format(Locale.ROOT,
                    "query audio is %.1f MiB; the limit is %d MiB", bytes.length / 1048576.0, QueryAudio.MAX_FILE_BYTES >> 20));
        }
        String name = Path.of(fileName).getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path tmp = Files.createTempFile("ctcr-query-", dot < 0 ? ".audio" : name.substring(dot));
        try {
            Files.write(tmp, bytes);
            AudioSignal audio = QueryAudio.load(tmp, span);
            return kind == Kind.SUNG ? searchSung(SungMelody.transcribe(audio, tracker), options)
                    : searchExcerpt(audio, null, options);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Searches with a file: {@link QueryAudio#load}, then {@link #searchExcerpt} (leaving the file's own recording out unless {@code includeSelf}) or {@link #searchSung}. */
    public SearchResult search(Path file, Kind kind, AudioSpan span, SearchOptions options, boolean includeSelf)
            throws IOException {
        AudioSignal audio = QueryAudio.load(file, span);
        if (kind == Kind.SUNG) return searchSung(SungMelody.transcribe(audio, tracker), options);
        return searchExcerpt(audio, includeSelf ? null : ContentHash.sha256(file), options);
    }

    /**
     * Searches with a transcribed melody (as a score theme), with {@link #sungOptions}.
     */
    public SearchResult searchSung(SungMelody melody, SearchOptions options) throws IOException {
        return melodies.search(melody.chroma(), sungOptions(options));
    }

    /**
     * The options a sung melody is searched with:
     * <ul>
     *   <li>with transpositions, the key the user sang in says nothing about the key of the recordings: every
     *       transposition is ranked by its cost alone ({@link SearchOptions#keyKnown()} false), and the keys share
     *       one candidate budget ({@link SearchOptions#sharedCandidates()});</li>
     *   <li>unless a tempo range is given, the melody is matched at its own tempo only
     *       ({@link TempoRange#NOTATED}: the DTW steps alone follow performances at half to twice the sung tempo).
     *       On the sung benchmark the time-scaled copies of the score default (0.5x-2x) changed MRR by 0.000
     *       (random key and drift) and +0.009 (tempo 0.7-1.4x) at three times the matching cost
     *       (docs/benchmark.md).</li>
     * </ul>
     */
    public static SearchOptions sungOptions(SearchOptions options) {
        SearchOptions o = options.transpose() ? options.withKeyKnown(false) : options;
        return o.tempo() == null ? o.withTempo(TempoRange.NOTATED) : o;
    }

    /**
     * Searches with an excerpt of a performance.
     *
     * @param excerpt  the excerpt at {@link org.ctcretrieval.common.audio.AudioLoader#PRODUCT_RATE}
     * @param selfHash SHA-256 of the file the excerpt was cut from, whose indexed recordings are left out of the
     *                 ranking; null to keep every recording
     */
    public SearchResult searchExcerpt(AudioSignal excerpt, String selfHash, SearchOptions options) throws IOException {
        FeatureSequence features = features(excerpt);
        if (selfHash == null) return excerpts.search(features, options);
        // Ask for a few more hits than wanted: the query's own recording (maybe indexed under several names) drops out.
        SearchResult r = excerpts.search(features, options.withTop(options.top() + SELF_COPIES));
        List<SearchHit> kept = new ArrayList<>();
        for (SearchHit h : r.hits()) {
            if (kept.size() == options.top()) break;
            if (selfHash.equals(hashOf(h.id()))) continue;
            kept.add(new SearchHit(kept.size() + 1, h.id(), h.cost(), h.startSeconds(), h.endSeconds(),
                    h.candidateScore(), h.transposition()));
        }
        return new SearchResult(kept, r.scored(), r.exhaustive(), r.candidateDocs(), r.tempo());
    }

    /** Copies of one recording the self-exclusion makes room for. */
    static final int SELF_COPIES = 3;

    /** The index's features of {@code excerpt}, from the extractor named in the index setup. */
    public synchronized FeatureSequence features(AudioSignal excerpt) throws IOException {
        IndexSchema schema = excerpts.index().schema();
        if (extractor == null) extractor = extractors.create(schema.featureId());
        Path tmp = Files.createTempFile("ctcr-excerpt-", ".wav");
        try {
            writeWav(excerpt, tmp);
            return extractor.extract(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String hashOf(String id) throws IOException {
        ScoreDoc[] docs = excerpts.index().searcher().search(new TermQuery(new Term(IndexSchema.FIELD_ID, id)), 1).scoreDocs;
        if (docs.length == 0) return null;
        return excerpts.index().reader().storedFields().document(docs[0].doc).get(IndexSchema.FIELD_HASH);
    }

    /** 16-bit mono WAV (the extractors read files; 16 bits keep 96 dB, more than the features resolve). */
    static void writeWav(AudioSignal s, Path file) throws IOException {
        float[] x = s.samples();
        float peak = 0;
        for (float v : x) peak = Math.max(peak, Math.abs(v));
        // a resampled full-scale file can overshoot 1; the features do not depend on the gain
        double gain = peak > 1 ? 1 / peak : 1;
        byte[] pcm = new byte[2 * x.length];
        for (int i = 0; i < x.length; i++) {
            int v = (int) Math.round(x[i] * gain * 32767);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat format = new AudioFormat(s.sampleRate(), 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, x.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    @Override
    public synchronized void close() {
        if (extractor != null) extractor.close(); // releases a network session
        extractor = null;
    }
}
