package org.ctcretrieval.solr.plugin;

import java.io.IOException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.RecordingMatcher;
import org.ctcretrieval.solr.ThemeParams;
import java.util.List;

/**
 * {@code [ctcr_match]}: the matches of each returned (ranked) recording over its whole length, located as the
 * embedded searcher locates its top hits ({@link ThemeScoring#locate}); only the ranked recordings pay for it.
 * Value: {@code rankCost,tuningCents;cost,startFrame,endFrame,variant;...}, best match first, at most
 * {@link ThemeParams#OCCURRENCES} matches.
 */
public final class MatchTransformerFactory extends TransformerFactory {
    public static final String NAME = "ctcr_match";

    @Override
    public DocTransformer create(String field, SolrParams params, SolrQueryRequest req) {
        ThemeScoring theme = ThemeScoring.from(req.getParams(), true, req.getCoreContainer());
        int occurrences = req.getParams().getInt(ThemeParams.OCCURRENCES, 1);
        if (occurrences < 1) throw ThemeScoring.bad(ThemeParams.OCCURRENCES + " must be >= 1");
        return new IndexTransformer(field) {
            @Override
            public void transform(SolrDocument doc, int docid) throws IOException {
                byte[] codes = ThemeScoring.chroma(reader(), docid);
                if (codes == null) return;
                Object id = doc.getFirstValue(IndexSchema.FIELD_ID);
                ThemeScoring.Best best = theme.best(id == null ? null : id.toString(), codes);
                if (best == null) return;
                // the hit's ranking cost and tuning, then each located match: cost,start,end,variant (best first)
                StringBuilder out = new StringBuilder();
                List<RecordingMatcher.Located> located = theme.locate(codes, best, occurrences);
                out.append(theme.matcher.rankCost(located.get(0).match().cost(), located.get(0).variant()));
                var tuning = reader().storedFields()
                        .document(docid, java.util.Set.of(IndexSchema.FIELD_TUNING)).getField(IndexSchema.FIELD_TUNING);
                out.append(',').append(tuning == null ? Double.NaN : tuning.numericValue().doubleValue());
                for (RecordingMatcher.Located l : located) {
                    DtwMatch m = l.match();
                    out.append(';').append(m.cost()).append(',').append(m.startFrame()).append(',').append(m.endFrame())
                            .append(',').append(l.variant());
                }
                doc.setField(field, out.toString());
            }

            @Override
            public String[] getExtraRequestFields() {
                return new String[] {IndexSchema.FIELD_ID};
            }
        };
    }
}
