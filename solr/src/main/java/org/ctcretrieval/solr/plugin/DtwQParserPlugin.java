package org.ctcretrieval.solr.plugin;

import org.apache.lucene.search.Query;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;

/**
 * {@code {!ctcr_dtw}}: a {@link DtwQuery} for the theme and windows in the request; each shard returns its
 * recordings ranked by DTW cost and Solr merges them.
 */
public final class DtwQParserPlugin extends QParserPlugin {
    public static final String NAME = "ctcr_dtw";

    @Override
    public QParser createParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
        return new QParser(qstr, localParams, params, req) {
            @Override
            public Query parse() {
                return new DtwQuery(ThemeScoring.from(getParams(), true, req.getCoreContainer()));
            }
        };
    }
}
