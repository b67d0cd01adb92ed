package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * {@code [ctcr_match]}: the match of each returned recording, located ({@link ThemeScoring#locate}): only the
 * ranked recordings pay for finding where their match starts. Value: {@code cost,startFrame,endFrame,shift}.
 */
public final class MatchTransformerFactory extends TransformerFactory {
    public static final String NAME = "ctcr_match";

    @Override
    public DocTransformer create(String field, SolrParams params, SolrQueryRequest req) {
        ThemeScoring theme = ThemeScoring.from(req.getParams(), true);
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
                Object id = doc.getFirstValue(IndexSchema.FIELD_ID);
                ThemeScoring.Best best = theme.best(id == null ? null : id.toString(), codes);
                if (best == null) return;
                DtwMatch m = theme.locate(codes, best);
                doc.setField(field, m.cost() + "," + m.startFrame() + "," + m.endFrame() + "," + best.shift());
            }

            @Override
            public String[] getExtraRequestFields() {
                return new String[] {IndexSchema.FIELD_ID};
            }
        };
    }
}
