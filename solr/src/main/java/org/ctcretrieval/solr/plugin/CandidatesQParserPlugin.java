package org.ctcretrieval.solr.plugin;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.CandidateQuery;
import org.ctcretrieval.solr.ThemeParams;

/**
 * {@code {!ctcr_candidates shift=S}}: the candidate stage of the embedded searcher ({@link CandidateQuery}, BM25
 * over the theme's shingles rotated by S semitones) built on the shard from the theme in the request. With the
 * configset's exact distributed statistics every shard scores with the whole collection's term statistics, so
 * the merged top N are the embedded index's top N. With {@link ThemeParams#CANDIDATE_COUNTS} (one count per
 * transposition) it is the candidate stage of every transposition in one request instead
 * ({@link TranspositionCandidates}; the scores per transposition come with {@code [ctcr_scores]}).
 */
public final class CandidatesQParserPlugin extends QParserPlugin {
    public static final String NAME = "ctcr_candidates";

    @Override
    public QParser createParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
        return new QParser(qstr, localParams, params, req) {
            @Override
            public Query parse() {
                ThemeScoring theme = ThemeScoring.from(getParams(), false, req.getCoreContainer());
                String counts = getParams().get(ThemeParams.CANDIDATE_COUNTS);
                if (counts == null) {
                    int shift = localParams == null ? 0 : localParams.getInt("shift", 0);
                    if (shift < 0 || shift >= theme.matcher.shifts()) throw ThemeScoring.bad("shift " + shift + " out of range");
                    return query(theme, shift);
                }
                // every transposition at once, each with its own count
                String[] parts = counts.split(",");
                if (parts.length != theme.matcher.shifts()) throw ThemeScoring.bad(ThemeParams.CANDIDATE_COUNTS + " needs one count per transposition");
                Query[] queries = new Query[parts.length];
                int[] n = new int[parts.length];
                for (int h = 0; h < parts.length; h++) {
                    try {
                        n[h] = Integer.parseInt(parts[h].trim());
                    } catch (NumberFormatException e) {
                        throw ThemeScoring.bad(ThemeParams.CANDIDATE_COUNTS + ": not a count: " + parts[h]);
                    }
                    queries[h] = query(theme, h);
                }
                // the order of a candidate request of its own (the client asks for score, then ID)
                Sort sort = new Sort(SortField.FIELD_SCORE, req.getSchema().getField(IndexSchema.FIELD_ID).getSortField(false));
                TranspositionCandidates q = new TranspositionCandidates(queries, n, sort);
                req.getContext().put(TranspositionCandidates.CONTEXT_KEY, q);
                return q;
            }

            /** One query over the shingles of every time scaling at transposition {@code shift}, as the embedded searcher. */
            private Query query(ThemeScoring theme, int shift) {
                java.util.List<CandidateQuery> built = new java.util.ArrayList<>();
                for (int sc = 0; sc < theme.matcher.scales(); sc++) {
                    CandidateQuery q = theme.theme.query(theme.matcher.id(sc, shift));
                    if (q == null && sc == theme.matcher.unscaled()) {
                        throw ThemeScoring.bad("the theme has too few shingles for a candidate search; search exhaustively");
                    }
                    if (q != null) built.add(q);
                }
                return CandidateQuery.union(built);
            }
        };
    }
}
