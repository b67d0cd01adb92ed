package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;

/**
 * {@code [ctcr_chroma]}: a recording's 8-bit chroma codes (frames x dimension bytes at the retrieval rate), read
 * from the binary doc values the DTW reads. The field is not stored, so only this transformer returns it; the
 * search server draws a recording's chroma and its match picture from it.
 */
public final class ChromaTransformerFactory extends TransformerFactory {
    public static final String NAME = "ctcr_chroma";

    @Override
    public DocTransformer create(String field, SolrParams params, SolrQueryRequest req) {
        return new IndexTransformer(field) {
            @Override
            public void transform(SolrDocument doc, int docid) throws IOException {
                byte[] codes = ThemeScoring.chroma(reader(), docid);
                if (codes != null) doc.setField(field, codes);
            }
        };
    }
}
