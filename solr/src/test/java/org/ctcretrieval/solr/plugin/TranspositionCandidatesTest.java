package org.ctcretrieval.solr.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class TranspositionCandidatesTest {
    /**
     * Each transposition's top N, with its scores, as a search of that transposition's query alone (sorted by score
     * and ID) finds them, over several segments, with ties in score; the query matches exactly their union.
     */
    @Test
    void everyTranspositionsTopNAsItsOwnSearchFindsThem() throws Exception {
        Random rnd = new Random(7);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setMaxBufferedDocs(25))) {
                for (int d = 0; d < 120; d++) {
                    Document doc = new Document();
                    String id = String.format(java.util.Locale.ROOT, "r%03d", (d * 37) % 120);
                    doc.add(new StringField("id", id, Field.Store.NO));
                    doc.add(new SortedDocValuesField("id", new BytesRef(id)));
                    StringBuilder text = new StringBuilder();
                    // few distinct terms and short texts: many equal scores
                    for (int t = 0, n = 1 + rnd.nextInt(4); t < n; t++) text.append('t').append(rnd.nextInt(12)).append(' ');
                    doc.add(new TextField("sh", text.toString(), Field.Store.NO));
                    w.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertTrue(reader.leaves().size() > 1, "several segments");
                IndexSearcher searcher = new IndexSearcher(reader);
                Sort sort = new Sort(SortField.FIELD_SCORE, new SortField("id", SortField.Type.STRING));
                Query[] queries = new Query[3];
                for (int h = 0; h < 3; h++) {
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    for (int t = 0; t < 4; t++) {
                        Query tq = new TermQuery(new Term("sh", "t" + ((t * 3 + h * 2) % 12)));
                        b.add(t == 0 ? new BoostQuery(tq, 2f) : tq, BooleanClause.Occur.SHOULD);
                    }
                    queries[h] = b.build();
                }
                int[] counts = {15, 7, 0};
                TranspositionCandidates q = new TranspositionCandidates(queries, counts, sort);
                Set<Integer> union = new HashSet<>();
                for (ScoreDoc sd : searcher.search(q, 1000).scoreDocs) union.add(sd.doc);
                Set<Integer> expectedUnion = new HashSet<>();
                for (int h = 0; h < 3; h++) {
                    List<Integer> expected = new ArrayList<>();
                    if (counts[h] > 0) {
                        // as Solr runs a sorted query with exact hit counts
                        @SuppressWarnings("deprecation")
                        TopFieldCollector c = TopFieldCollector.create(sort, counts[h], Integer.MAX_VALUE);
                        searcher.search(queries[h], c);
                        TopFieldDocs alone = c.topDocs();
                        TopFieldCollector.populateScores(alone.scoreDocs, searcher, queries[h]);
                        for (ScoreDoc sd : alone.scoreDocs) {
                            expected.add(sd.doc);
                            float[] s = q.scores(sd.doc);
                            assertNotNull(s, "document " + sd.doc + " of transposition " + h);
                            assertEquals(sd.score, s[h], 0f, "score of document " + sd.doc + " at transposition " + h);
                        }
                    }
                    assertEquals(counts[h], expected.size());
                    expectedUnion.addAll(expected);
                    for (int doc = 0; doc < reader.maxDoc(); doc++) {
                        float[] s = q.scores(doc);
                        if (s != null && !Float.isNaN(s[h])) assertTrue(expected.contains(doc), "document " + doc + " is not among the top of " + h);
                    }
                }
                assertEquals(expectedUnion, union);
                for (int doc = 0; doc < reader.maxDoc(); doc++) if (!union.contains(doc)) assertNull(q.scores(doc));
            }
        }
    }

    /** Each transposition may use as many clauses as the searcher allows, though together they use more. */
    @Test
    void theClauseLimitHoldsPerTransposition() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int d = 0; d < 10; d++) {
                    Document doc = new Document();
                    doc.add(new SortedDocValuesField("id", new BytesRef("r" + d)));
                    doc.add(new TextField("sh", "t" + ((d % 3) * 700 + d), Field.Store.NO)); // of query d % 3 only
                    w.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int clauses = IndexSearcher.getMaxClauseCount() * 2 / 3;
                Query[] queries = new Query[3];
                for (int h = 0; h < 3; h++) {
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    for (int t = 0; t < clauses; t++) b.add(new TermQuery(new Term("sh", "t" + (h * 700 + t))), BooleanClause.Occur.SHOULD);
                    queries[h] = b.build();
                }
                TranspositionCandidates q = new TranspositionCandidates(queries, new int[] {3, 3, 3},
                        new Sort(SortField.FIELD_SCORE, new SortField("id", SortField.Type.STRING)));
                assertEquals(9, searcher.search(q, 100).scoreDocs.length, "the top 3 of each of three disjoint queries");
            }
        }
    }
}
