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
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.PitchTracker;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;

/** The ctc-retrieval search (score snippet -> score chroma -> ThemeSearcher) as a system under evaluation. */
public final class SearchSystem implements RetrievalSystem {
    private final ThemeSearcher searcher;
    private final Path indexDir;
    private AudioSearch audio;

    private final PitchTracker.Detector detector;

    private SearchSystem(ThemeSearcher searcher, Path indexDir, PitchTracker.Detector detector) {
        this.searcher = searcher;
        this.indexDir = indexDir;
        this.detector = detector;
    }

    /** Opens the index in {@code indexDir}. */
    public static SearchSystem open(Path indexDir) throws IOException {
        return open(indexDir, PitchTracker.DEFAULT);
    }

    /** Opens the index in {@code indexDir}; sung queries are tracked with {@code detector}. */
    public static SearchSystem open(Path indexDir, PitchTracker.Detector detector) throws IOException {
        return new SearchSystem(ThemeSearcher.open(indexDir), indexDir, detector);
    }

    @Override
    public RankedResult search(QuerySpec q, SearchSettings s) throws IOException {
        long t0 = System.nanoTime();
        SearchOptions o = SearchOptions.defaults().withTop(s.topK()).withExhaustive(s.exhaustive());
        if (s.candidates() > 0) o = o.withCandidates(s.candidates());
        SearchResult r;
        if (q.audio().isPresent()) {
            // sung queries are searched in every key; an excerpt leaves its own recording out
            QuerySpec.AudioQuery a = q.audio().get();
            try {
                r = audioSearch().search(a.file(), a.kind(), a.span(), o.withTranspose(a.kind() == AudioSearch.Kind.SUNG), false);
            } catch (InputException e) {
                // a melody the transcription refuses (too few pitched notes) is a query the system answers with nothing
                if (a.kind() != AudioSearch.Kind.SUNG || !e.getMessage().contains("pitched note")) throw e;
                r = new SearchResult(List.of(), 0, false, List.of());
            }
        } else {
            r = searcher.search(ScoreChroma.query(q.score(), q.selection()), o);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        List<RankedHit> hits = new ArrayList<>();
        for (SearchHit h : r.hits()) hits.add(new RankedHit(h.id(), h.cost(), h.startSeconds(), h.endSeconds()));
        Optional<List<String>> candidates = Optional.empty();
        if (!r.exhaustive()) {
            List<String> ids = new ArrayList<>();
            for (int doc : r.candidateDocs()) ids.add(searcher.index().id(doc));
            candidates = Optional.of(ids);
        }
        return new RankedResult(hits, candidates, latency);
    }

    private synchronized AudioSearch audioSearch() {
        if (audio == null) audio = new AudioSearch(searcher, FeatureExtractors.discover(), new PitchTracker(detector));
        return audio;
    }

    @Override
    public Optional<Set<String>> indexedRecordings() {
        try {
            Set<String> ids = new LinkedHashSet<>();
            for (LeafReaderContext leaf : searcher.index().reader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    if (live == null || live.get(d)) ids.add(searcher.index().id(leaf.docBase + d));
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
            return Optional.of(new IndexInfo(searcher.index().schema().featureId(), searcher.index().recordings(),
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
