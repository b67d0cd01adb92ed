package org.ctcretrieval.solr.plugin;

import org.apache.lucene.index.IndexReader;
import org.apache.solr.response.transform.DocTransformer;

/**
 * A document transformer of this plugin: it adds one field, named as the transformer was called, computed from the
 * shard's index (the chroma doc values, stored fields), so it always asks for the searcher.
 */
abstract class IndexTransformer extends DocTransformer {
    protected final String field;

    IndexTransformer(String field) {
        this.field = field;
    }

    @Override
    public final String getName() {
        return field;
    }

    @Override
    public final boolean needsSolrIndexSearcher() {
        return true;
    }

    /** The shard's index as this response sees it. */
    protected final IndexReader reader() {
        return context.getSearcher().getIndexReader();
    }
}
