package org.ctcretrieval.query.search;

import java.util.ArrayList;
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
import org.ctcretrieval.common.index.ShingleQuantizer.Shingle;

/**
 * The term query of the candidate stage: every distinct shingle of the (resampled, possibly rotated) query chroma
 * as a SHOULD clause, scored with Lucene's default BM25; a shingle occurring k times in the query has boost k. At
 * most {@link IndexSearcher#getMaxClauseCount()} distinct shingles are used (the first ones). Also remembers where
 * each shingle starts in the query, to place DTW windows around the matching shingles of a candidate.
 *
 * @param query       the Lucene query
 * @param queryFrames start frames in the query of each term's occurrences
 */
public record CandidateQuery(Query query, Map<Term, int[]> queryFrames) {
    /** Fewest shingles (over all fields) a query needs to select candidates. */
    public static final int MIN_SHINGLES = 3;

    /**
     * @return the query, or null if the chroma yields fewer than {@link #MIN_SHINGLES} shingles: a theme with
     *     fewer distinct chroma steps than that cannot select candidates reliably, so the caller searches
     *     exhaustively
     */
    public static CandidateQuery build(ShingleQuantizer quantizer, float[][] retrievalChroma) {
        Map<Term, List<Integer>> occurrences = new LinkedHashMap<>();
        List<Shingle> shingles = quantizer.shingles(retrievalChroma);
        if (shingles.size() < MIN_SHINGLES) return null;
        for (Shingle s : shingles) {
            occurrences.computeIfAbsent(new Term(s.field(), s.term()), k -> new ArrayList<>()).add(s.startFrame());
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Map<Term, int[]> frames = new LinkedHashMap<>();
        for (Map.Entry<Term, List<Integer>> e : occurrences.entrySet()) {
            if (frames.size() >= IndexSearcher.getMaxClauseCount()) break;
            Query q = new TermQuery(e.getKey());
            int count = e.getValue().size();
            if (count > 1) q = new BoostQuery(q, count);
            b.add(q, BooleanClause.Occur.SHOULD);
            frames.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        return new CandidateQuery(b.build(), frames);
    }

    /**
     * One query over the distinct terms of several candidate queries (e.g. of time-scaled copies of one theme,
     * which share most terms because the shingles are tempo-invariant): a term's boost is its largest count in
     * any of them; at most {@link IndexSearcher#getMaxClauseCount()} terms.
     */
    public static Query union(List<CandidateQuery> queries) {
        if (queries.size() == 1) return queries.get(0).query();
        return union(queries, TermQuery::new);
    }

    /**
     * {@link #union(List)} with each term's query made by {@code termQuery}: e.g. a {@link TermQuery} with its
     * term states already looked up ({@link TermQuery#TermQuery(Term, org.apache.lucene.index.TermStates)}), for a
     * searcher that weighs the same terms several times.
     */
    public static Query union(List<CandidateQuery> queries, java.util.function.Function<Term, Query> termQuery) {
        Map<Term, Integer> counts = new LinkedHashMap<>();
        for (CandidateQuery c : queries) {
            for (Map.Entry<Term, int[]> e : c.queryFrames().entrySet()) counts.merge(e.getKey(), e.getValue().length, Math::max);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (Map.Entry<Term, Integer> e : counts.entrySet()) {
            if (clauses++ >= IndexSearcher.getMaxClauseCount()) break;
            Query q = termQuery.apply(e.getKey());
            if (e.getValue() > 1) q = new BoostQuery(q, e.getValue());
            b.add(q, BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }
}
