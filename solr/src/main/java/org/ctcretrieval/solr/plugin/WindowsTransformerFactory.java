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
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;
import org.apache.solr.search.DocIterator;
import org.apache.solr.search.DocList;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.query.search.CandidateQuery;
import org.ctcretrieval.query.search.DtwWindows;
import org.ctcretrieval.query.search.RecordingMatcher;

/**
 * {@code [ctcr_windows]}: for each returned recording, its DTW windows at every transposition of the theme
 * ({@link RecordingMatcher#windows}), each with its support and, if {@code ctcr.coarse=true}, the coarse pass on
 * it ({@link RecordingMatcher#coarse}). The client, which sees every shard's candidates, then applies the rules
 * that compare candidates (least support, how many reach the full DTW) exactly as the embedded searcher does.
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
        ThemeScoring theme = ThemeScoring.from(req.getParams(), false);
        boolean coarse = req.getParams().getBool(COARSE, false);
        // (a pass over arbitrarily many candidates applies whenever the theme is long enough for it)
        if (coarse && !theme.matcher.coarseApplies(Integer.MAX_VALUE, 1)) throw ThemeScoring.bad("the theme is too short for the coarse pass");
        ShingleQuantizer quantizer = new ShingleQuantizer(theme.schema.quantizer());
        // per query variant (time scaling x transposition); a scaled copy too short for shingles has no windows
        CandidateQuery[] queries = new CandidateQuery[theme.matcher.size()];
        for (int s = 0; s < queries.length; s++) queries[s] = CandidateQuery.build(quantizer, theme.matcher.frames(s));
        List<CandidateQuery> variantQueries = new ArrayList<>();
        List<Integer> withShingles = new ArrayList<>();
        for (int s = 0; s < queries.length; s++) {
            if (queries[s] == null) continue;
            variantQueries.add(queries[s]);
            withShingles.add(s);
        }
        int[] variants = withShingles.stream().mapToInt(Integer::intValue).toArray();
        return new IndexTransformer(field) {
            /** The value of every document of the response, computed on the first call. */
            private Map<Integer, String> values;

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
                IndexReader reader = reader();
                int[] sorted = docids.clone();
                Arrays.sort(sorted);
                Map<Integer, StringBuilder> out = new HashMap<>();
                List<LeafReaderContext> leaves = reader.leaves();
                for (int start = 0; start < sorted.length; ) {
                    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sorted[start], leaves));
                    int end = start;
                    while (end < sorted.length && ReaderUtil.subIndex(sorted[end], leaves) == leaf.ord) end++;
                    List<Integer> docs = new ArrayList<>();
                    List<byte[]> chroma = new ArrayList<>();
                    for (int i = start; i < end; i++) {
                        byte[] codes = ThemeScoring.chroma(reader, sorted[i]);
                        if (codes == null) continue;
                        docs.add(sorted[i]);
                        chroma.add(codes);
                        out.put(sorted[i], new StringBuilder());
                    }
                    int[] local = new int[docs.size()], frames = new int[docs.size()];
                    for (int i = 0; i < local.length; i++) {
                        local[i] = docs.get(i) - leaf.docBase;
                        frames[i] = chroma.get(i).length / theme.schema.dimension();
                    }
                    // every variant at once, as the embedded searcher does: each term's postings are read once
                    if (local.length > 0 && variants.length > 0) {
                        List<List<List<DtwWindows.Window>>> windows = theme.matcher.windows(leaf.reader(), local, frames,
                                variantQueries, variants);
                        for (int k = 0; k < variants.length; k++) {
                            for (int i = 0; i < local.length; i++) {
                                StringBuilder sb = out.get(docs.get(i));
                                for (DtwWindows.Window w : windows.get(k).get(i)) append(sb, variants[k], w, chroma.get(i));
                            }
                        }
                    }
                    start = end;
                }
                Map<Integer, String> values = new HashMap<>();
                out.forEach((doc, sb) -> values.put(doc, sb.toString()));
                return values;
            }

            private void append(StringBuilder out, int s, DtwWindows.Window w, byte[] codes) {
                if (out.length() > 0) out.append(';');
                out.append(s).append(',').append(w.from()).append(',').append(w.to()).append(',').append(w.support());
                if (coarse) {
                    RecordingMatcher.Coarse c = theme.matcher.coarse(s, codes, List.of(w), 0);
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
