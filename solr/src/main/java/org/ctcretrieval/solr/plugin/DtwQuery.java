package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * Matches the recordings the full DTW accepts and scores each by its cost ({@link ThemeScoring#scoreOf}): with
 * windows, the recordings named in them; without, every recording (exhaustive search). The DTW runs in the
 * second phase of the iteration, on the chroma doc values of the shard's own segments.
 */
final class DtwQuery extends Query {
    private final ThemeScoring theme;

    DtwQuery(ThemeScoring theme) {
        this.theme = theme;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new Weight(this) {
            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }

            @Override
            public Explanation explain(LeafReaderContext ctx, int doc) throws IOException {
                Scorer s = scorer(ctx);
                if (s != null && s.iterator().advance(doc) == doc && s.twoPhaseIterator().matches()) {
                    return Explanation.match(s.score(), "DTW cost " + ((DtwScorer) s).cost);
                }
                return Explanation.noMatch("no DTW match");
            }

            @Override
            public Scorer scorer(LeafReaderContext ctx) throws IOException {
                LeafReader reader = ctx.reader();
                BinaryDocValues values = reader.getBinaryDocValues(IndexSchema.FIELD_CHROMA);
                if (values == null) return null;
                if (theme.windows == null) return new DtwScorer(this, values, null, null);
                List<int[]> docs = new ArrayList<>(); // {local doc, index into ids}
                List<String> ids = new ArrayList<>(theme.windows.keySet());
                Terms terms = reader.terms(IndexSchema.FIELD_ID);
                if (terms == null) return null;
                TermsEnum te = terms.iterator();
                PostingsEnum pe = null;
                for (int i = 0; i < ids.size(); i++) {
                    if (!te.seekExact(new BytesRef(ids.get(i)))) continue;
                    pe = te.postings(pe, PostingsEnum.NONE);
                    for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) docs.add(new int[] {d, i});
                }
                if (docs.isEmpty()) return null;
                docs.sort((a, b) -> Integer.compare(a[0], b[0]));
                int[] local = new int[docs.size()];
                String[] idOf = new String[docs.size()];
                for (int i = 0; i < local.length; i++) {
                    local[i] = docs.get(i)[0];
                    idOf[i] = ids.get(docs.get(i)[1]);
                }
                return new DtwScorer(this, values, local, idOf);
            }
        };
    }

    /** Iterates the candidate documents; the DTW decides in the second phase whether one matches. */
    private final class DtwScorer extends Scorer {
        private final BinaryDocValues values;
        private final DocIdSetIterator approximation;
        private final TwoPhaseIterator twoPhase;
        float cost;

        DtwScorer(Weight weight, BinaryDocValues values, int[] docs, String[] ids) {
            super(weight);
            this.values = values;
            this.approximation = docs == null ? values : new ArrayIterator(docs);
            this.twoPhase = new TwoPhaseIterator(approximation) {
                @Override
                public boolean matches() throws IOException {
                    int doc = approximation.docID();
                    if (docs != null && !values.advanceExact(doc)) return false;
                    BytesRef b = values.binaryValue();
                    byte[] codes = Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
                    ThemeScoring.Best best = theme.best(docs == null ? null : ids[((ArrayIterator) approximation).index], codes);
                    if (best == null) return false;
                    cost = (float) theme.matcher.rankCost(best.match().end().cost(), best.shift());
                    return true;
                }

                @Override
                public float matchCost() {
                    return 1e6f; // a DTW per document
                }
            };
        }

        @Override
        public DocIdSetIterator iterator() {
            return TwoPhaseIterator.asDocIdSetIterator(twoPhase);
        }

        @Override
        public TwoPhaseIterator twoPhaseIterator() {
            return twoPhase;
        }

        @Override
        public int docID() {
            return approximation.docID();
        }

        @Override
        public float score() {
            return ThemeScoring.scoreOf(cost);
        }

        @Override
        public float getMaxScore(int upTo) {
            return Float.MAX_VALUE;
        }
    }

    /** Ascending document numbers of an array. */
    private static final class ArrayIterator extends DocIdSetIterator {
        private final int[] docs;
        int index = -1;
        private int doc = -1;

        ArrayIterator(int[] docs) {
            this.docs = docs;
        }

        @Override
        public int docID() {
            return doc;
        }

        @Override
        public int nextDoc() {
            index++;
            doc = index < docs.length ? docs[index] : NO_MORE_DOCS;
            return doc;
        }

        @Override
        public int advance(int target) {
            while (doc < target) nextDoc();
            return doc;
        }

        @Override
        public long cost() {
            return docs.length;
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "ctcr_dtw(" + (theme.windows == null ? "all recordings" : theme.windows.size() + " recordings") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && theme.key.equals(((DtwQuery) o).theme.key);
    }

    @Override
    public int hashCode() {
        return classHash() * 31 + theme.key.hashCode();
    }
}
