package org.ctcretrieval.solr.plugin;

import org.apache.lucene.search.DocIdSetIterator;

/** Ascending document numbers of an array, and the index of the current one (for values kept alongside). */
final class ArrayDocIterator extends DocIdSetIterator {
    private final int[] docs;
    private int index = -1;
    private int doc = -1;

    ArrayDocIterator(int[] docs) {
        this.docs = docs;
    }

    /** Index in the array of the current document. */
    int index() {
        return index;
    }

    @Override
    public int docID() {
        return doc;
    }

    @Override
    public int nextDoc() {
        if (doc != NO_MORE_DOCS) index++;
        doc = index < docs.length ? docs[index] : NO_MORE_DOCS;
        return doc;
    }

    @Override
    public int advance(int target) {
        while (doc < target) nextDoc();
        return doc;
    }

    @Override
    public long cost() {
        return docs.length;
    }
}
