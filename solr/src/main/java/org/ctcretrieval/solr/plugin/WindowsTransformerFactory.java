package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;
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
        return new DocTransformer() {
            @Override
            public String getName() {
                return field;
            }

            @Override
            public boolean needsSolrIndexSearcher() {
                return true;
            }

            @Override
            public void transform(SolrDocument doc, int docid) throws IOException {
                byte[] codes = ThemeScoring.chroma(context.getSearcher().getIndexReader(), docid);
                if (codes == null) return;
                List<LeafReaderContext> leaves = context.getSearcher().getIndexReader().leaves();
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docid, leaves));
                int local = docid - leaf.docBase;
                int frames = codes.length / theme.schema.dimension();
                StringBuilder out = new StringBuilder();
                for (int s = 0; s < queries.length; s++) {
                    if (queries[s] == null) continue;
                    List<DtwWindows.Window> windows = theme.matcher.windows(leaf.reader(), new int[] {local}, new int[] {frames},
                            queries[s], s).get(0);
                    for (DtwWindows.Window w : windows) {
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
                }
                doc.setField(field, out.toString());
            }
        };
    }
}
