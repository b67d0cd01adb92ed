package org.ctcretrieval.solr.plugin;

import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;

/**
 * {@code [ctcr_scores]}: with the candidate request of every transposition ({@link TranspositionCandidates}), a
 * returned recording's BM25 score per transposition index, separated by commas, empty where the recording is not
 * among that transposition's top candidates on its shard. Each score is the float a request of that transposition
 * alone would have returned, so the client merges the shards' candidates per transposition exactly as Solr merges
 * one request's.
 */
public final class ScoresTransformerFactory extends TransformerFactory {
    public static final String NAME = "ctcr_scores";

    @Override
    public DocTransformer create(String field, SolrParams params, SolrQueryRequest req) {
        return new DocTransformer() {
            @Override
            public String getName() {
                return field;
            }

            @Override
            public void transform(SolrDocument doc, int docid) {
                // (the parser leaves the query in the request; on the shards it has run by the time documents are written)
                Object q = req.getContext().get(TranspositionCandidates.CONTEXT_KEY);
                if (!(q instanceof TranspositionCandidates candidates)) {
                    throw ThemeScoring.bad("[" + NAME + "] needs the query {!ctcr_candidates} with ctcr.counts");
                }
                float[] scores = candidates.scores(docid);
                if (scores == null) return;
                StringBuilder out = new StringBuilder();
                for (int h = 0; h < scores.length; h++) {
                    if (h > 0) out.append(',');
                    if (!Float.isNaN(scores[h])) out.append(scores[h]);
                }
                doc.setField(field, out.toString());
            }
        };
    }
}
