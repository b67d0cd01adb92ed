package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;
import org.apache.solr.search.DocIterator;
import org.apache.solr.search.DocList;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.CandidateQuery;
import org.ctcretrieval.query.search.DtwWindows;
import org.ctcretrieval.query.search.RecordingMatcher;
import org.ctcretrieval.solr.ThemeParams;

/**
 * {@code [ctcr_windows]}: for each returned recording, its DTW windows for the time scalings of each transposition
 * whose candidate request selected it ({@link ThemeParams#CANDIDATES}; {@link RecordingMatcher#windows}), each
 * with its support and, if {@code ctcr.coarse=true}, the coarse pass on it ({@link RecordingMatcher#coarse}). The
 * client, which sees every shard's candidates, then applies the rules that compare candidates (least support, how
 * many reach the full DTW) exactly as the embedded searcher does.
 *
 * <p>The least support the client will require is a fraction of the best window's support over all shards, so it
 * is at least that fraction of the best window's support on this shard: windows below that never reach the DTW
 * and are neither returned nor given the coarse pass.
 *
 * <p>Value: {@code shift,from,to,support,coarseCost,coarseFrom,coarseTo} per window, separated by {@code ;}
 * (coarse fields {@code NaN,-1,-1} without the coarse pass; cost {@code Infinity} if no pooled path fits).
 */
public final class WindowsTransformerFactory extends TransformerFactory {
    public static final String NAME = "ctcr_windows";
    /** Request parameter: run the coarse pass on every window. */
    public static final String COARSE = "ctcr.coarse";

    @Override
    public DocTransformer create(String field, SolrParams params, SolrQueryRequest req) {
        ThemeScoring theme = ThemeScoring.from(req.getParams(), false, req.getCoreContainer());
        boolean coarse = req.getParams().getBool(COARSE, false);
        // (a pass over arbitrarily many candidates applies whenever the theme is long enough for it)
        if (coarse && !theme.matcher.coarseApplies(Integer.MAX_VALUE, 1)) throw ThemeScoring.bad("the theme is too short for the coarse pass");
        String candidates = req.getParams().get(ThemeParams.CANDIDATES);
        if (candidates == null) throw ThemeScoring.bad("parameter " + ThemeParams.CANDIDATES + " is required");
        RecordingMatcher matcher = theme.matcher;
        return new IndexTransformer(field) {
            /** The value of every document of the response, computed on the first call. */
            private Map<Integer, String> values;
            /** Recording ID -> transposition indexes that selected it, decoded on the first call. */
            private Map<String, List<Integer>> shiftsOf;

            @Override
            public void transform(SolrDocument doc, int docid) throws IOException {
                if (values == null || !values.containsKey(docid)) values = compute(responseDocs(docid));
                String v = values.get(docid);
                if (v != null) doc.setField(field, v);
            }

            /**
             * The documents this transformer will see: those of the response on this shard (all at once, so that
             * each query term's postings are looked up once per segment, not once per document), else this one.
             */
            private int[] responseDocs(int docid) {
                DocList list = context == null ? null : context.getDocList();
                if (list == null || values != null) return new int[] {docid};
                int[] docs = new int[list.size()];
                DocIterator it = list.iterator();
                for (int i = 0; i < docs.length; i++) docs[i] = it.nextDoc();
                return docs;
            }

            private Map<Integer, String> compute(int[] docids) throws IOException {
                if (shiftsOf == null) shiftsOf = ThemeParams.decodeCandidates(candidates);
                IndexReader reader = reader();
                int[] sorted = docids.clone();
                Arrays.sort(sorted);
                record Found(int doc, int variant, DtwWindows.Window window, byte[] codes) {}
                List<Found> found = new ArrayList<>();
                Map<Integer, String> values = new HashMap<>();
                List<LeafReaderContext> leaves = reader.leaves();
                for (int start = 0; start < sorted.length; ) {
                    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sorted[start], leaves));
                    int end = start;
                    while (end < sorted.length && ReaderUtil.subIndex(sorted[end], leaves) == leaf.ord) end++;
                    // per transposition, its candidates in this segment, as the embedded searcher groups them
                    List<List<Integer>> docsOfShift = new ArrayList<>();
                    for (int h = 0; h < matcher.shifts(); h++) docsOfShift.add(new ArrayList<>());
                    Map<Integer, byte[]> chroma = new HashMap<>();
                    SortedDocValues ids = leaf.reader().getSortedDocValues(IndexSchema.FIELD_ID);
                    for (int i = start; i < end; i++) {
                        byte[] codes = ThemeScoring.chroma(reader, sorted[i]);
                        if (codes == null) continue;
                        values.put(sorted[i], "");
                        String id = ids != null && ids.advanceExact(sorted[i] - leaf.docBase)
                                ? ids.lookupOrd(ids.ordValue()).utf8ToString() : null;
                        List<Integer> shifts = id == null ? null : shiftsOf.get(id);
                        if (shifts == null) continue;
                        chroma.put(sorted[i], codes);
                        for (int h : shifts) {
                            if (h < 0 || h >= matcher.shifts()) throw ThemeScoring.bad("transposition index " + h + " out of range");
                            docsOfShift.get(h).add(sorted[i]);
                        }
                    }
                    for (int h = 0; h < matcher.shifts(); h++) {
                        List<Integer> docs = docsOfShift.get(h);
                        // a scaled copy too short for shingles has no windows
                        List<CandidateQuery> queries = new ArrayList<>();
                        List<Integer> withShingles = new ArrayList<>();
                        for (int sc = 0; sc < matcher.scales(); sc++) {
                            CandidateQuery q = theme.theme.query(matcher.id(sc, h));
                            if (q == null) continue;
                            queries.add(q);
                            withShingles.add(matcher.id(sc, h));
                        }
                        if (docs.isEmpty() || queries.isEmpty()) continue;
                        int[] variants = withShingles.stream().mapToInt(Integer::intValue).toArray();
                        int[] local = new int[docs.size()], frames = new int[docs.size()];
                        for (int i = 0; i < local.length; i++) {
                            local[i] = docs.get(i) - leaf.docBase;
                            frames[i] = chroma.get(docs.get(i)).length / theme.schema.dimension();
                        }
                        // every scaling at once, as the embedded searcher does: each term's postings are read once
                        // (with the term states the candidate request of this search looked up on this replica)
                        org.apache.solr.search.SolrIndexSearcher searcher = context.getSearcher();
                        List<List<List<DtwWindows.Window>>> windows = matcher.windows(leaf.reader(), local, frames, queries, variants,
                                t -> theme.theme.termStates(searcher, t).get(leaf));
                        for (int i = 0; i < local.length; i++) {
                            for (int k = 0; k < variants.length; k++) {
                                for (DtwWindows.Window w : windows.get(k).get(i)) {
                                    found.add(new Found(docs.get(i), variants[k], w, chroma.get(docs.get(i))));
                                }
                            }
                        }
                    }
                    start = end;
                }
                int maxSupport = 0;
                for (Found f : found) maxSupport = Math.max(maxSupport, f.window().support());
                int minSupport = RecordingMatcher.minSupport(maxSupport);
                Map<Integer, StringBuilder> out = new HashMap<>();
                for (Found f : found) {
                    if (f.window().support() < minSupport) continue;
                    append(out.computeIfAbsent(f.doc(), k -> new StringBuilder()), f.variant(), f.window(), f.codes());
                }
                out.forEach((doc, sb) -> values.put(doc, sb.toString()));
                return values;
            }

            private void append(StringBuilder out, int s, DtwWindows.Window w, byte[] codes) {
                if (out.length() > 0) out.append(';');
                out.append(s).append(',').append(w.from()).append(',').append(w.to()).append(',').append(w.support());
                if (coarse) {
                    RecordingMatcher.Coarse c = matcher.coarse(s, codes, List.of(w), 0);
                    out.append(',').append(c.cost());
                    if (c.window() == null) out.append(",-1,-1");
                    else out.append(',').append(c.window().from()).append(',').append(c.window().to());
                } else {
                    out.append(",NaN,-1,-1");
                }
            }
        };
    }
}
