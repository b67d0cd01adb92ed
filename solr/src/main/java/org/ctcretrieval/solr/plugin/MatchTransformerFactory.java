package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.util.BytesRef;
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
                List<LeafReaderContext> leaves = context.getSearcher().getIndexReader().leaves();
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docid, leaves));
                BinaryDocValues values = leaf.reader().getBinaryDocValues(IndexSchema.FIELD_CHROMA);
                if (values == null || !values.advanceExact(docid - leaf.docBase)) return;
                BytesRef b = values.binaryValue();
                byte[] codes = java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
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
