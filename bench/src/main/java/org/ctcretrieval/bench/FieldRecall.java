package org.ctcretrieval.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.query.search.CandidateQuery;
import org.ctcretrieval.query.search.RecordingMatcher;
import org.ctcretrieval.query.search.SearchOptions;

/**
 * Which term field finds the relevant recordings: the written-key term query of a theme (all its time scalings,
 * as the candidate stage builds it) restricted to one shingle field, and the share of given recordings among its
 * BM25 top N for several N. Tells whether a field carries the candidates or only costs postings.
 */
final class FieldRecall {
    /** The shingle fields, in report order; "all" is the whole query. */
    static final List<String> FIELDS = List.of(IndexSchema.FIELD_SHINGLES_TOP1, IndexSchema.FIELD_SHINGLES_TOP2,
            IndexSchema.FIELD_SHINGLES_TOP3);

    private FieldRecall() {}

    /**
     * @return per field of {@link #FIELDS}, per cut, how many of {@code targets} are among the top {@code cut}
     */
    static int[][] found(IndexSnapshot index, FeatureSequence query, SearchOptions options, Set<String> targets, int[] cuts)
            throws IOException {
        IndexSchema schema = index.schema();
        ShingleQuantizer quantizer = new ShingleQuantizer(schema.quantizer());
        RecordingMatcher variants = RecordingMatcher.of(query, options.withNeighbours(false).withTranspose(false), schema);
        List<CandidateQuery> built = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            CandidateQuery c = CandidateQuery.build(quantizer, variants.frames(v));
            if (c != null) built.add(c);
        }
        int[][] out = new int[FIELDS.size()][cuts.length];
        if (built.isEmpty()) return out;
        Query all = CandidateQuery.union(built);
        int max = 0;
        for (int c : cuts) max = Math.max(max, c);
        for (int f = 0; f < FIELDS.size(); f++) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            int clauses = 0;
            for (BooleanClause c : ((BooleanQuery) all).clauses()) {
                Query q = c.getQuery() instanceof BoostQuery bq ? bq.getQuery() : c.getQuery();
                if (q instanceof TermQuery tq && tq.getTerm().field().equals(FIELDS.get(f))) {
                    b.add(c);
                    clauses++;
                }
            }
            if (clauses == 0) continue;
            ScoreDoc[] top = index.searcher().search(b.build(), new TopScoreDocCollectorManager(max, null, Integer.MAX_VALUE)).scoreDocs;
            for (int rank = 0; rank < top.length; rank++) {
                if (!targets.contains(index.id(top[rank].doc))) continue;
                for (int c = 0; c < cuts.length; c++) if (rank < cuts[c]) out[f][c]++;
            }
        }
        return out;
    }
}
