package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.Weight;

/**
 * The candidate stage of every transposition in one request: on a shard, each transposition's BM25 query (over
 * the shingles of all its time scalings) selects the shard's top N of that transposition, in the order a request
 * of its own would give (score, then recording ID: {@code sort}, collected as Solr collects a sorted query, so with
 * the same scores), and this query matches the union of those. {@code [ctcr_scores]} returns each document's score
 * per transposition, and the client merges the shards' lists per transposition as Solr would have merged the
 * separate requests: the collection's top N of a transposition is among the shards' top N of it.
 *
 * <p>One request instead of one per transposition: one distributed term-statistics round trip and one query
 * round trip for the whole candidate stage. The term statistics cover every transposition's terms, since the
 * weights of all of them are built by {@link #createWeight} (which is how Solr's exact statistics collect them).
 * A document's own score is its best over the transpositions; it only orders the shard's response.
 */
final class TranspositionCandidates extends Query {
    /** Request context key under which the parser leaves this query for {@code [ctcr_scores]}. */
    static final String CONTEXT_KEY = "ctcr.transpositionCandidates";

    private final Query[] queries;
    private final int[] counts;
    private final Sort sort;
    /** Top-level document -> score per transposition (NaN where not among its top N); set by the search. */
    private Map<Integer, float[]> scores;

    /**
     * @param queries per transposition index, its candidate query
     * @param counts  per transposition index, how many candidates it selects
     * @param sort    the order of a candidate request: score, then recording ID
     */
    TranspositionCandidates(Query[] queries, int[] counts, Sort sort) {
        if (queries.length != counts.length) throw new IllegalArgumentException("one count per transposition is required");
        this.queries = queries;
        this.counts = counts;
        this.sort = sort;
    }

    int transpositions() {
        return queries.length;
    }

    /** The document's score per transposition (NaN: not among its top N), or null if it matched none. */
    synchronized float[] scores(int docid) {
        if (scores == null) throw new IllegalStateException("ctcr: the candidate query has not run");
        return scores.get(docid);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        // as a candidate request's own query is weighted (rewritten, every hit scored): this builds the term statistics
        Weight[] weights = new Weight[queries.length];
        for (int h = 0; h < queries.length; h++) weights[h] = searcher.createWeight(searcher.rewrite(queries[h]), ScoreMode.COMPLETE, 1f);
        return new Weight(this) {
            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }

            @Override
            public Explanation explain(LeafReaderContext ctx, int doc) throws IOException {
                float[] s = top(searcher, weights).get(ctx.docBase + doc);
                return s == null ? Explanation.noMatch("among no transposition's top candidates")
                        : Explanation.match(best(s), "best candidate score over the transpositions " + Arrays.toString(s));
            }

            @Override
            public Scorer scorer(LeafReaderContext ctx) throws IOException {
                Map<Integer, float[]> all = top(searcher, weights);
                List<Integer> docs = new ArrayList<>();
                for (int doc : all.keySet()) if (doc >= ctx.docBase && doc < ctx.docBase + ctx.reader().maxDoc()) docs.add(doc);
                if (docs.isEmpty()) return null;
                int[] local = new int[docs.size()];
                float[] score = new float[docs.size()];
                for (int i = 0; i < local.length; i++) {
                    local[i] = docs.get(i) - ctx.docBase;
                    score[i] = best(all.get(docs.get(i)));
                }
                return new ListScorer(this, local, score);
            }
        };
    }

    /** Each transposition's top N on this searcher, computed once. */
    private synchronized Map<Integer, float[]> top(IndexSearcher searcher, Weight[] weights) throws IOException {
        if (scores != null) return scores;
        Map<Integer, float[]> out = new TreeMap<>();
        for (int h = 0; h < weights.length; h++) {
            if (counts[h] <= 0) continue;
            // what Solr collects for a query sorted by score and ID with exact hit counts
            @SuppressWarnings("deprecation")
            TopFieldCollector collector = TopFieldCollector.create(sort, counts[h], Integer.MAX_VALUE);
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafCollector lc;
                try {
                    lc = collector.getLeafCollector(leaf);
                } catch (CollectionTerminatedException e) {
                    continue;
                }
                BulkScorer bs = weights[h].bulkScorer(leaf);
                if (bs != null) {
                    try {
                        bs.score(lc, leaf.reader().getLiveDocs());
                    } catch (CollectionTerminatedException e) {
                        // the leaf is done
                    }
                }
                lc.finish();
            }
            ScoreDoc[] top = collector.topDocs().scoreDocs;
            // the scores Solr returns for a sorted query (and merges the shards' hits by): each hit scored again
            TopFieldCollector.populateScores(top, searcher, queries[h]);
            for (ScoreDoc sd : top) {
                float[] s = out.computeIfAbsent(sd.doc, k -> {
                    float[] none = new float[weights.length];
                    Arrays.fill(none, Float.NaN);
                    return none;
                });
                s[h] = sd.score;
            }
        }
        scores = out;
        return out;
    }

    private static float best(float[] s) {
        float best = Float.NEGATIVE_INFINITY;
        for (float v : s) if (!Float.isNaN(v)) best = Math.max(best, v);
        return best;
    }

    /** Ascending documents of one leaf with their scores. */
    private static final class ListScorer extends Scorer {
        private final int[] docs;
        private final float[] scores;
        private int index = -1;

        ListScorer(Weight weight, int[] docs, float[] scores) {
            super(weight);
            this.docs = docs;
            this.scores = scores;
        }

        @Override
        public int docID() {
            return index < 0 ? -1 : index < docs.length ? docs[index] : DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public float score() {
            return scores[index];
        }

        @Override
        public float getMaxScore(int upTo) {
            return Float.MAX_VALUE;
        }

        @Override
        public DocIdSetIterator iterator() {
            return new DocIdSetIterator() {
                @Override
                public int docID() {
                    return ListScorer.this.docID();
                }

                @Override
                public int nextDoc() {
                    index++;
                    return docID();
                }

                @Override
                public int advance(int target) {
                    int doc;
                    while ((doc = nextDoc()) < target) {
                        // forward to the target
                    }
                    return doc;
                }

                @Override
                public long cost() {
                    return docs.length;
                }
            };
        }
    }

    /**
     * A leaf: each transposition's query may hold as many clauses as the searcher allows, and it is rewritten and
     * checked on its own (Lucene counts the clauses of a whole query tree against that limit).
     */
    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "ctcr_candidates(" + queries.length + " transpositions, top " + Arrays.toString(counts) + ")";
    }

    /** Identity: a search's result belongs to its request (so no cached result stands in for the search). */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
