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
 * Where in a candidate recording DTW has to look: around the match starts that most query shingles agree on.
 *
 * <p>A query shingle starting at query frame {@code q} that occurs at recording frame {@code p} votes for where
 * the match starts: with the DTW step sizes (1,1), (2,1), (1,2) the recording advances between 1/2 and 2 frames
 * per query frame, so a path through (q, p) starts at a recording frame {@code s} in {@code [p - 2q, p - q/2]}
 * (widened by a margin for token boundaries that moved). The <i>support</i> of a start frame is the number of
 * distinct query shingle occurrences that vote for it (a generalised Hough transform over start and tempo). The
 * best-supported start frames ({@link #PEAKS} at most, at least a query length apart) each give one window
 * {@code [s - margin, s + 2(N - 1) + margin]}, which holds every path starting at s. In a recording full of
 * common shingles this keeps DTW to a few query lengths instead of the whole recording.
 */
public final class DtwWindows {
    /** Windows per recording at most. */
    static final int PEAKS = 2;

    private DtwWindows() {}

    /**
     * A recording span to match, {@code [from, to)} in frames, and its support: the number of distinct query
     * shingle occurrences that vote for its start.
     */
    public record Window(int from, int to, int support) {}

    /**
     * Windows of several documents of one segment, best supported first, clipped to {@code [0, frames)}.
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
        List<List<int[]>> raw = new ArrayList<>(); // {first start, last start, occurrence id}
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
                        int first = Math.max(0, p - 2 * q - margin);
                        int last = Math.min(frames[i] - 1, p - q / 2 + margin);
                        if (first <= last) raw.get(i).add(new int[] {first, last, base + j});
                    }
                }
            }
        }
        List<List<Window>> out = new ArrayList<>();
        for (int i = 0; i < localDocs.length; i++) out.add(peaks(raw.get(i), frames[i], queryLength, margin));
        return out;
    }

    /**
     * The best-supported start frames of one recording and their windows.
     *
     * @param votes {first start, last start, occurrence id} per shingle hit
     */
    static List<Window> peaks(List<int[]> votes, int frames, int queryLength, int margin) {
        List<Window> out = new ArrayList<>();
        if (votes.isEmpty()) return out;
        // Support per start frame: a difference array over the union of each occurrence's intervals, so an
        // occurrence that hits several times counts once per start frame.
        int[] diff = new int[frames + 1];
        votes.sort((a, b) -> a[2] != b[2] ? Integer.compare(a[2], b[2]) : Integer.compare(a[0], b[0]));
        for (int k = 0; k < votes.size(); ) {
            int occ = votes.get(k)[2];
            int from = votes.get(k)[0], to = votes.get(k)[1];
            for (k++; k < votes.size() && votes.get(k)[2] == occ; k++) {
                int[] v = votes.get(k);
                if (v[0] <= to + 1) {
                    to = Math.max(to, v[1]);
                } else {
                    diff[from]++;
                    diff[to + 1]--;
                    from = v[0];
                    to = v[1];
                }
            }
            diff[from]++;
            diff[to + 1]--;
        }
        int[] support = new int[frames];
        for (int s = 0, run = 0; s < frames; s++) support[s] = run += diff[s];
        for (int peak = 0; peak < PEAKS; peak++) {
            int best = -1;
            for (int s = 0; s < frames; s++) if (support[s] > 0 && (best < 0 || support[s] > support[best])) best = s;
            if (best < 0) break;
            out.add(new Window(Math.max(0, best - margin), Math.min(frames, best + 2 * (queryLength - 1) + margin + 1),
                    support[best]));
            // the next window must start a query length away
            for (int s = Math.max(0, best - queryLength); s < Math.min(frames, best + queryLength); s++) support[s] = 0;
        }
        return out;
    }

}
