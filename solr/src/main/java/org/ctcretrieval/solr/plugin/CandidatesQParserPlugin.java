package org.ctcretrieval.solr.plugin;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.ctcretrieval.query.search.CandidateQuery;

/**
 * {@code {!ctcr_candidates shift=S}}: the candidate stage of the embedded searcher ({@link CandidateQuery}, BM25
 * over the theme's shingles rotated by S semitones) built on the shard from the theme in the request. With the
 * configset's exact distributed statistics every shard scores with the whole collection's term statistics, so
 * the merged top N are the embedded index's top N.
 */
public final class CandidatesQParserPlugin extends QParserPlugin {
    public static final String NAME = "ctcr_candidates";

    @Override
    public QParser createParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
        return new QParser(qstr, localParams, params, req) {
            @Override
            public Query parse() {
                ThemeScoring theme = ThemeScoring.from(getParams(), false, req.getCoreContainer());
                int shift = localParams == null ? 0 : localParams.getInt("shift", 0);
                if (shift < 0 || shift >= theme.matcher.shifts()) throw ThemeScoring.bad("shift " + shift + " out of range");
                // one query over the shingles of every time scaling at this transposition, as the embedded searcher
                java.util.List<CandidateQuery> built = new java.util.ArrayList<>();
                for (int sc = 0; sc < theme.matcher.scales(); sc++) {
                    CandidateQuery q = theme.theme.query(theme.matcher.id(sc, shift));
                    if (q == null && sc == theme.matcher.unscaled()) {
                        throw ThemeScoring.bad("the theme has too few shingles for a candidate search; search exhaustively");
                    }
                    if (q != null) built.add(q);
                }
                // on a shard, each term's states are looked up once per index and theme for every request of the
                // search (the term statistics, the query, the scores of its hits); the node that distributes the
                // request weighs no terms
                if (!req.getParams().getBool(org.apache.solr.common.params.ShardParams.IS_SHARD, false)) return CandidateQuery.union(built);
                org.apache.solr.search.SolrIndexSearcher searcher = req.getSearcher();
                return CandidateQuery.union(built, t -> new TermQuery(t, theme.theme.termStates(searcher, t)));
            }
        };
    }
}
