package org.ctcretrieval.query.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;
import org.ctcretrieval.indexer.IndexSnapshot;

/**
 * The recording IDs of a search's candidate documents, read from the index only when asked for. Each ID is a
 * stored-field read; a search keeps hundreds of candidates, and only an evaluation looks at them, so a query or a
 * server request does not pay for them. Read it while the searcher that made it is open.
 */
final class CandidateIds extends AbstractList<String> {
    private final IndexSnapshot index;
    private final int[] docs;
    private List<String> ids;

    CandidateIds(IndexSnapshot index, int[] docs) {
        this.index = index;
        this.docs = docs;
    }

    @Override
    public String get(int i) {
        return ids().get(i);
    }

    @Override
    public int size() {
        return docs.length;
    }

    private synchronized List<String> ids() {
        if (ids == null) {
            String[] read = new String[docs.length];
            try {
                for (int i = 0; i < docs.length; i++) read[i] = index.id(docs[i]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ids = List.of(read);
        }
        return ids;
    }
}
