package org.ctcretrieval.query.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.ctcretrieval.common.index.ShingleQuantizer;

/**
 * The term query of the candidate stage: every shingle of the (resampled, possibly rotated) query chroma as a
 * SHOULD clause, scored with Lucene's default BM25. A shingle occurring k times in the query is one clause with
 * boost k. At most {@link IndexSearcher#getMaxClauseCount()} distinct shingles are used (the first ones).
 */
public final class CandidateQuery {
    private CandidateQuery() {}

    /**
     * @return the query, or null if the chroma yields no shingle (too short or silent)
     */
    public static Query build(ShingleQuantizer quantizer, float[][] retrievalChroma) {
        Map<Term, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : quantizer.shingles(retrievalChroma).entrySet()) {
            for (String s : e.getValue()) counts.merge(new Term(e.getKey(), s), 1, Integer::sum);
        }
        if (counts.isEmpty()) return null;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = 0;
        for (Map.Entry<Term, Integer> e : counts.entrySet()) {
            if (n++ >= IndexSearcher.getMaxClauseCount()) break;
            Query q = new TermQuery(e.getKey());
            if (e.getValue() > 1) q = new BoostQuery(q, e.getValue());
            b.add(q, BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }
}
