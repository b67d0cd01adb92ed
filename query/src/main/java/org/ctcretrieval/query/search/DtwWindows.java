package org.ctcretrieval.query.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
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

    /** A term's state in one segment, looked up earlier; null if the segment lacks the term. */
    @FunctionalInterface
    public interface TermStateLookup {
        TermState get(Term term) throws IOException;
    }

    /**
     * Windows of several documents of one segment for several queries at once (e.g. the time-scaled copies of a
     * theme, which share nearly all their shingles): each term's postings are read once for all of them. Windows
     * are clipped to {@code [0, frames)}.
     *
     * @param leaf         segment holding the documents
     * @param localDocs    document numbers inside the segment, ascending
     * @param frames       recording length in frames of each document
     * @param margin       extra frames on both sides of each window
     * @param queryFrames  per query, start frames of each of its terms
     * @param queryLengths per query, its length N
     * @return per query, per document (as in {@code localDocs}), the windows best supported first
     */
    static List<List<List<Window>>> of(LeafReader leaf, int[] localDocs, int[] frames, List<Map<Term, int[]>> queryFrames,
                                       int[] queryLengths, int margin) throws IOException {
        return of(leaf, localDocs, frames, queryFrames, queryLengths, margin, null);
    }

    /**
     * {@link #of(LeafReader, int[], int[], List, int[], int)} with each term's state in the segment known
     * ({@code states}: null if the segment lacks the term), so that no term is looked up in the term dictionary
     * again; null {@code states}: look every term up.
     */
    static List<List<List<Window>>> of(LeafReader leaf, int[] localDocs, int[] frames, List<Map<Term, int[]>> queryFrames,
                                       int[] queryLengths, int margin, TermStateLookup states) throws IOException {
        int queries = queryFrames.size();
        // Per term: the queries holding it, with the first occurrence ID of the term in each query.
        Map<Term, List<int[]>> holders = new LinkedHashMap<>();
        for (int k = 0; k < queries; k++) {
            int base = 0;
            for (Map.Entry<Term, int[]> e : queryFrames.get(k).entrySet()) {
                holders.computeIfAbsent(e.getKey(), t -> new ArrayList<>()).add(new int[] {k, base});
                base += e.getValue().length;
            }
        }
        // votes[k][i]: {first start, last start, occurrence ID} triples, grouped by occurrence, each group in
        // ascending start order (one occurrence's votes come from one term's positions, read in order)
        Votes[][] votes = new Votes[queries][localDocs.length];
        int[] positions = new int[16];
        PostingsEnum pe = null;
        for (Map.Entry<Term, List<int[]>> e : holders.entrySet()) {
            Terms terms = leaf.terms(e.getKey().field());
            if (terms == null) continue;
            TermsEnum te = terms.iterator();
            if (states == null) {
                if (!te.seekExact(e.getKey().bytes())) continue;
            } else {
                TermState state = states.get(e.getKey());
                if (state == null) continue;
                te.seekExact(e.getKey().bytes(), state);
            }
            pe = te.postings(pe, PostingsEnum.POSITIONS);
            for (int i = 0; i < localDocs.length; i++) {
                int doc = localDocs[i];
                if (pe.docID() < doc && pe.advance(doc) == PostingsEnum.NO_MORE_DOCS) break;
                if (pe.docID() != doc) continue;
                int freq = pe.freq();
                if (positions.length < freq) positions = new int[Math.max(freq, 2 * positions.length)];
                for (int k = 0; k < freq; k++) positions[k] = pe.nextPosition();
                for (int[] holder : e.getValue()) {
                    int k = holder[0];
                    int[] qs = queryFrames.get(k).get(e.getKey());
                    Votes v = votes[k][i];
                    if (v == null) v = votes[k][i] = new Votes();
                    for (int j = 0; j < qs.length; j++) {
                        int q = qs[j];
                        for (int n = 0; n < freq; n++) {
                            int p = positions[n];
                            int first = Math.max(0, p - 2 * q - margin);
                            int last = Math.min(frames[i] - 1, p - q / 2 + margin);
                            if (first <= last) v.add(first, last, holder[1] + j);
                        }
                    }
                }
            }
        }
        List<List<List<Window>>> out = new ArrayList<>(queries);
        // one support array for all (query, document) pairs: a search computes thousands of them
        int[] support = new int[Arrays.stream(frames).max().orElse(0) + 1];
        for (int k = 0; k < queries; k++) {
            List<List<Window>> perDoc = new ArrayList<>(localDocs.length);
            for (int i = 0; i < localDocs.length; i++) {
                Votes v = votes[k][i];
                perDoc.add(v == null ? new ArrayList<>() : peaks(v.triples, v.size, frames[i], queryLengths[k], margin, support));
            }
            out.add(perDoc);
        }
        return out;
    }

    /** A growable list of vote triples. */
    private static final class Votes {
        int[] triples = new int[48];
        int size;

        void add(int first, int last, int occurrence) {
            if (size + 3 > triples.length) triples = Arrays.copyOf(triples, 2 * triples.length);
            triples[size++] = first;
            triples[size++] = last;
            triples[size++] = occurrence;
        }
    }

    /**
     * The best-supported start frames of one recording and their windows.
     *
     * @param votes {first start, last start, occurrence id} per shingle hit, in any order
     */
    static List<Window> peaks(List<int[]> votes, int frames, int queryLength, int margin) {
        List<int[]> sorted = new ArrayList<>(votes);
        sorted.sort((a, b) -> a[2] != b[2] ? Integer.compare(a[2], b[2]) : Integer.compare(a[0], b[0]));
        int[] triples = new int[3 * sorted.size()];
        for (int k = 0; k < sorted.size(); k++) System.arraycopy(sorted.get(k), 0, triples, 3 * k, 3);
        return peaks(triples, triples.length, frames, queryLength, margin, new int[frames + 1]);
    }

    /**
     * The best-supported start frames of one recording and their windows.
     *
     * @param triples {first start, last start, occurrence id} per shingle hit, the hits of an occurrence
     *                together and in ascending order of their first start
     * @param size    used length of {@code triples}
     * @param support scratch of at least {@code frames + 1} entries, overwritten
     */
    private static List<Window> peaks(int[] triples, int size, int frames, int queryLength, int margin, int[] support) {
        List<Window> out = new ArrayList<>();
        if (size == 0) return out;
        // Support per start frame: a difference array over the union of each occurrence's intervals, so an
        // occurrence that hits several times counts once per start frame; summed in place below.
        int[] diff = support;
        Arrays.fill(diff, 0, frames + 1, 0);
        for (int k = 0; k < size; ) {
            int occ = triples[k + 2];
            int from = triples[k], to = triples[k + 1];
            for (k += 3; k < size && triples[k + 2] == occ; k += 3) {
                if (triples[k] <= to + 1) {
                    to = Math.max(to, triples[k + 1]);
                } else {
                    diff[from]++;
                    diff[to + 1]--;
                    from = triples[k];
                    to = triples[k + 1];
                }
            }
            diff[from]++;
            diff[to + 1]--;
        }
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
