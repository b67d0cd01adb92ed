package org.ctcretrieval.indexer;

import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.ctcretrieval.common.index.ShingleQuantizer.Shingle;

/**
 * Feeds precomputed shingles of one field to Lucene, with the term position set to the shingle's start frame at
 * the retrieval rate (positions may repeat or jump, they are frame numbers rather than token counts).
 */
final class ShingleTokenStream extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private final List<Shingle> shingles;
    private int next;
    private int lastPosition;

    ShingleTokenStream(List<Shingle> shingles) {
        this.shingles = shingles;
    }

    @Override
    public boolean incrementToken() {
        if (next >= shingles.size()) return false;
        clearAttributes();
        Shingle s = shingles.get(next++);
        term.setEmpty().append(s.term());
        // Lucene starts at position -1 and needs an increment >= 1 for the first token.
        posInc.setPositionIncrement(s.startFrame() - lastPosition);
        lastPosition = s.startFrame();
        return true;
    }

    @Override
    public void reset() {
        next = 0;
        lastPosition = -1;
    }
}
