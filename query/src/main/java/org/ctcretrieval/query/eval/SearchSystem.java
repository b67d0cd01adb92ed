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
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;

/** The ctc-retrieval search (score snippet -> score chroma -> ThemeSearcher) as a system under evaluation. */
public final class SearchSystem implements RetrievalSystem {
    private final ThemeSearcher searcher;
    private final Path indexDir;

    private SearchSystem(ThemeSearcher searcher, Path indexDir) {
        this.searcher = searcher;
        this.indexDir = indexDir;
    }

    /** Opens the index in {@code indexDir}. */
    public static SearchSystem open(Path indexDir) throws IOException {
        return new SearchSystem(ThemeSearcher.open(indexDir), indexDir);
    }

    @Override
    public RankedResult search(QuerySpec q, SearchSettings s) throws IOException {
        long t0 = System.nanoTime();
        FeatureSequence chroma = ScoreChroma.query(q.score(), q.selection());
        SearchOptions o = SearchOptions.defaults().withTop(s.topK()).withExhaustive(s.exhaustive());
        if (s.candidates() > 0) o = o.withCandidates(s.candidates());
        SearchResult r = searcher.search(chroma, o);
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
        searcher.close();
    }
}
