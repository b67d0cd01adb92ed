package org.ctcretrieval.query.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.PitchTracker;
import org.ctcretrieval.query.score.QueryModel;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.FusionRule;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.TempoRange;
import org.ctcretrieval.query.search.ScoreSearch;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * The ctc-retrieval search (score snippet -> score chroma under each feature's {@link QueryModel} -> search of
 * every feature of the index, fused when there are several) as a system under evaluation.
 */
public final class SearchSystem implements RetrievalSystem {
    private final FusedSearcher searcher;
    private final Path indexDir;
    private final Optional<QueryModel> queryModel;
    private final FusionRule fusion;
    private final PitchTracker.Detector detector;
    private AudioSearch audio;

    private SearchSystem(FusedSearcher searcher, Path indexDir, Optional<QueryModel> queryModel, FusionRule fusion,
            PitchTracker.Detector detector) {
        this.searcher = searcher;
        this.indexDir = indexDir;
        this.queryModel = queryModel;
        this.fusion = fusion;
        this.detector = detector;
    }

    /** Opens the index in {@code indexDir}, each feature queried with its default query model. */
    public static SearchSystem open(Path indexDir) throws IOException {
        return open(indexDir, Optional.empty(), FusionRule.DEFAULT);
    }

    /**
     * @param queryModel the query model of every feature; empty = each feature's default
     *                   ({@link QueryModel#defaultFor})
     * @param fusion     fusion rule of a fused index
     */
    public static SearchSystem open(Path indexDir, Optional<QueryModel> queryModel, FusionRule fusion) throws IOException {
        return new SearchSystem(FusedSearcher.open(indexDir), indexDir, queryModel, fusion, PitchTracker.DEFAULT);
    }

    /** Opens the index in {@code indexDir}; sung queries are tracked with {@code detector}. */
    public static SearchSystem open(Path indexDir, PitchTracker.Detector detector) throws IOException {
        return new SearchSystem(FusedSearcher.open(indexDir), indexDir, Optional.empty(), FusionRule.DEFAULT, detector);
    }

    /** {@code chroma} moved up by {@code semitones} (a query file's transpose column); itself for 0. */
    public static FeatureSequence transposed(FeatureSequence chroma, int semitones) {
        if (semitones == 0) return chroma;
        return new FeatureSequence(chroma.featureId(), chroma.frameRate(), RetrievalFeatures.rotate(chroma.frames(), semitones));
    }

    /** The search options of evaluation settings {@code s} for a query from {@code score}. */
    public static SearchOptions options(SearchSettings s, Score score) {
        SearchOptions o = SearchOptions.defaults().withTop(s.topK()).withExhaustive(s.exhaustive())
                .withTranspose(s.transpose())
                .withTempo(Double.isNaN(s.slowestTempo()) ? null : new TempoRange(s.slowestTempo(), s.fastestTempo()))
                .withNeighbours(s.neighbours()).withTempoKnown(!"default".equals(score.tempoSource()));
        return s.candidates() > 0 ? o.withCandidates(s.candidates()) : o;
    }

    @Override
    public RankedResult search(QuerySpec q, SearchSettings s) throws IOException {
        if (q.audio().isPresent()) return searchAudio(q.audio().get(), s);
        long t0 = System.nanoTime();
        Score score = ScoreReader.read(q.score(), q.selection());
        List<FeatureSequence> chroma = ScoreSearch.queries(score, q.part().isPresent() || q.staff().isPresent(),
                searcher.features(), queryModel);
        List<FeatureSequence> shifted = new ArrayList<>();
        for (FeatureSequence c : chroma) shifted.add(transposed(c, q.transpose()));
        chroma = shifted;
        SearchOptions o = options(s, score);
        FusedSearcher.Result r = searcher.search(chroma, o, fusion);
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        List<RankedHit> hits = new ArrayList<>();
        for (SearchHit h : r.hits()) hits.add(new RankedHit(h.id(), h.cost(), h.startSeconds(), h.endSeconds()));
        // read now, while the searcher is open (the latency above is the search's, without this evaluation-only step)
        Optional<List<String>> candidates = r.exhaustive() ? Optional.empty() : Optional.of(List.copyOf(r.candidateIds()));
        return new RankedResult(hits, candidates, latency);
    }

    /**
     * A query by audio: an excerpt searches the index's first feature and leaves its own recording out; a sung
     * melody searches every key, in the feature {@link org.ctcretrieval.query.audio.MelodyFeature} chooses.
     */
    private RankedResult searchAudio(QuerySpec.AudioQuery a, SearchSettings s) throws IOException {
        long t0 = System.nanoTime();
        SearchOptions o = SearchOptions.defaults().withTop(s.topK()).withExhaustive(s.exhaustive())
                .withTranspose(a.kind() == AudioSearch.Kind.SUNG);
        if (s.candidates() > 0) o = o.withCandidates(s.candidates());
        SearchResult r;
        try {
            r = audioSearch().search(a.file(), a.kind(), a.span(), o, false);
        } catch (InputException e) {
            // a melody the transcription refuses (too few pitched notes) is a query the system answers with nothing
            if (a.kind() != AudioSearch.Kind.SUNG || !e.getMessage().contains("pitched note")) throw e;
            r = new SearchResult(List.of(), 0, false, List.of());
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        List<RankedHit> hits = new ArrayList<>();
        for (SearchHit h : r.hits()) hits.add(new RankedHit(h.id(), h.cost(), h.startSeconds(), h.endSeconds()));
        Optional<List<String>> candidates = Optional.empty();
        if (!r.exhaustive()) {
            List<String> ids = new ArrayList<>();
            IndexSnapshot searched = audioSearch().searcher(a.kind()).index();
            for (int doc : r.candidateDocs()) ids.add(searched.id(doc));
            candidates = Optional.of(ids);
        }
        return new RankedResult(hits, candidates, latency);
    }

    private synchronized AudioSearch audioSearch() {
        if (audio == null) audio = AudioSearch.over(searcher, FeatureExtractors.discover(), new PitchTracker(detector));
        return audio;
    }

    @Override
    public Optional<Set<String>> indexedRecordings() {
        try {
            ThemeSearcher first = searcher.searcher(0);
            Set<String> ids = new LinkedHashSet<>();
            for (LeafReaderContext leaf : first.index().reader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    if (live == null || live.get(d)) ids.add(first.index().id(leaf.docBase + d));
                }
            }
            return Optional.of(ids);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Optional<IndexInfo> indexInfo() {
        try {
            String feature = String.join("+", searcher.features());
            if (searcher.fused()) feature += " (" + fusion.label() + ")";
            if (queryModel.isPresent()) feature += " [query " + queryModel.get().label() + "]";
            return Optional.of(new IndexInfo(feature, searcher.searcher(0).index().recordings(),
                    IndexInfo.sizeOnDisk(indexDir), OptionalDouble.empty()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (audio != null) audio.close();
        searcher.close();
    }
}
