package org.ctcretrieval.solr.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.eval.IndexInfo;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RankedHit;
import org.ctcretrieval.query.eval.RankedResult;
import org.ctcretrieval.query.eval.RetrievalSystem;
import org.ctcretrieval.query.eval.SearchSettings;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.query.eval.SearchSystem;
import org.ctcretrieval.query.search.ScoreSearch;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.search.SearchHit;

/** The search of a SolrCloud collection ({@link SolrThemeSearcher}) as a system under evaluation. */
public final class SolrSearchSystem implements RetrievalSystem {
    private final SolrThemeSearcher searcher;

    public SolrSearchSystem(SolrThemeSearcher searcher) {
        this.searcher = searcher;
    }

    @Override
    public RankedResult search(QuerySpec q, SearchSettings s) throws IOException {
        long t0 = System.nanoTime();
        if (q.audio().isPresent()) {
            throw new UsageException("collection " + searcher.collection().nodes().collection()
                    + ": queries by audio are searched on an embedded index only (-x INDEX)");
        }
        Score score = ScoreReader.read(q.score(), q.selection());
        // (as SearchSystem does for the embedded index)
        FeatureSequence chroma = SearchSystem.transposed(ScoreSearch.queries(score, q.part().isPresent() || q.staff().isPresent(),
                List.of(searcher.schema().featureId()), Optional.empty()).get(0), q.transpose());
        SolrThemeSearcher.Result r = searcher.search(chroma, SearchSystem.options(s, score));
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        List<RankedHit> hits = new ArrayList<>();
        for (SearchHit h : r.hits()) hits.add(new RankedHit(h.id(), h.cost(), h.startSeconds(), h.endSeconds()));
        return new RankedResult(hits, r.exhaustive() ? Optional.empty() : Optional.of(r.candidateIds()), latency);
    }

    @Override
    public Optional<Set<String>> indexedRecordings() {
        try {
            return Optional.of(searcher.collection().hashes().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<IndexInfo> indexInfo() {
        try {
            // the size on disk is spread over the nodes; 0 = not known here
            return Optional.of(new IndexInfo(searcher.schema().featureId(), (int) searcher.collection().count(), 0,
                    OptionalDouble.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        searcher.close();
    }
}
