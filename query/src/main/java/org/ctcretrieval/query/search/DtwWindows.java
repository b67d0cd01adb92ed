package org.ctcretrieval.query.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;

/**
 * Where in a candidate recording DTW has to look: around the frames where the query's shingles occur.
 *
 * <p>A query shingle starting at query frame {@code q} that occurs at recording frame {@code p} pins the match:
 * with the DTW step sizes (1,1), (2,1), (1,2) the recording advances between 1/2 and 2 frames per query frame, so
 * a path through (q, p) lies inside recording frames {@code [p - 2q, p + 2(N - 1 - q)]}. That interval, widened by
 * a margin for token boundaries that moved, is one window; overlapping windows are merged, and each merged
 * window counts its support, the distinct query shingle occurrences that hit inside it. DTW restricted to the
 * windows returns the best match that passes near shared shingles.
 */
final class DtwWindows {
    private DtwWindows() {}

    /**
     * A recording span to match, {@code [from, to)} in frames, and its support: the number of distinct query
     * shingle occurrences that hit inside it.
     */
    record Window(int from, int to, int support) {}

    /**
     * Windows of several documents of one segment, each as {@code [from, to)} pairs, merged and sorted, clipped to
     * {@code [0, frames)}.
     *
     * @param leaf        segment holding the documents
     * @param localDocs   document numbers inside the segment, ascending
     * @param frames      recording length in frames of each document
     * @param queryFrames start frames of each term in the query
     * @param queryLength N
     * @param margin      extra frames on both sides of each window
     */
    static List<List<Window>> of(LeafReader leaf, int[] localDocs, int[] frames, Map<Term, int[]> queryFrames,
                                int queryLength, int margin) throws IOException {
        List<List<int[]>> raw = new ArrayList<>(); // {from, to, occurrence id}
        for (int i = 0; i < localDocs.length; i++) raw.add(new ArrayList<>());
        PostingsEnum pe = null;
        int occurrenceBase = 0;
        for (Map.Entry<Term, int[]> e : queryFrames.entrySet()) {
            int base = occurrenceBase;
            occurrenceBase += e.getValue().length;
            Terms terms = leaf.terms(e.getKey().field());
            if (terms == null) continue;
            TermsEnum te = terms.iterator();
            if (!te.seekExact(e.getKey().bytes())) continue;
            pe = te.postings(pe, PostingsEnum.POSITIONS);
            for (int i = 0; i < localDocs.length; i++) {
                int doc = localDocs[i];
                if (pe.docID() < doc && pe.advance(doc) == PostingsEnum.NO_MORE_DOCS) break;
                if (pe.docID() != doc) continue;
                for (int k = pe.freq(); k > 0; k--) {
                    int p = pe.nextPosition();
                    int[] qs = e.getValue();
                    for (int j = 0; j < qs.length; j++) {
                        int q = qs[j];
                        int from = Math.max(0, p - 2 * q - margin);
                        int to = Math.min(frames[i], p + 2 * (queryLength - 1 - q) + margin + 1);
                        if (from < to) raw.get(i).add(new int[] {from, to, base + j});
                    }
                }
            }
        }
        List<List<Window>> out = new ArrayList<>();
        for (int i = 0; i < localDocs.length; i++) out.add(merge(raw.get(i), frames[i]));
        return out;
    }

    static List<Window> merge(List<int[]> raw, int frames) {
        raw.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> spans = new ArrayList<>();
        List<java.util.BitSet> ids = new ArrayList<>();
        for (int[] w : raw) {
            if (!spans.isEmpty() && w[0] <= spans.get(spans.size() - 1)[1]) {
                int[] last = spans.get(spans.size() - 1);
                last[1] = Math.max(last[1], w[1]);
            } else {
                spans.add(new int[] {w[0], w[1]});
                ids.add(new java.util.BitSet());
            }
            ids.get(ids.size() - 1).set(w[2]);
        }
        List<Window> out = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) out.add(new Window(spans.get(k)[0], spans.get(k)[1], ids.get(k).cardinality()));
        return out;
    }
}
