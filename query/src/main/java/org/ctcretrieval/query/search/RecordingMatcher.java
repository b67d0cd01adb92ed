package org.ctcretrieval.query.search;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.LeafReader;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;

/**
 * The re-scoring of candidate recordings against one theme, one recording at a time: DTW windows from the
 * recording's postings ({@link DtwWindows}), the coarse pass ({@link CoarseDtw}), the full-resolution match and
 * its start. Each step needs only the recording's 8-bit chroma codes (and, for the windows, its segment), so the
 * same steps serve {@link ThemeSearcher} in one process and a search engine that scores each shard next to its
 * data; the choices that look at all candidates at once ({@link #minSupport}, {@link #refined}) are separate
 * static rules, applied by whoever sees all candidates.
 *
 * <p>Immutable after construction and safe for concurrent use.
 */
public final class RecordingMatcher {
    /**
     * DTW runs only on windows supported by at least this fraction of the best window's distinct query-shingle
     * occurrences (over all candidates of the query, see {@link DtwWindows}); candidates without such a window
     * are not ranked.
     */
    public static final double SUPPORT_FRACTION = 0.25;

    /**
     * Candidates that the full-resolution DTW scores after the coarse pass ({@link CoarseDtw}): this many per
     * requested hit, and at least {@link #MIN_REFINED}.
     */
    public static final int REFINED_PER_HIT = 4;
    public static final int MIN_REFINED = 40;

    private final int dimension;
    private final int queryLength;
    private final int margin;
    private final SubsequenceDtw[] dtwPerShift;
    private final CoarseDtw coarse;

    /**
     * @param retrievalQuery theme chroma at the index's retrieval rate
     * @param shifts         transpositions: shift s matches the query rotated up by s semitones
     * @param schema         the index's setup (dimension, shingle smoothing)
     */
    public RecordingMatcher(float[][] retrievalQuery, int shifts, IndexSchema schema) {
        this.dimension = schema.dimension();
        this.queryLength = retrievalQuery.length;
        this.margin = Math.max(10, 2 * schema.quantizer().smoothFrames());
        this.dtwPerShift = new SubsequenceDtw[shifts];
        for (int s = 0; s < shifts; s++) dtwPerShift[s] = new SubsequenceDtw(RetrievalFeatures.rotate(retrievalQuery, s));
        this.coarse = CoarseDtw.applies(queryLength) ? new CoarseDtw(retrievalQuery, shifts) : null;
    }

    public int shifts() {
        return dtwPerShift.length;
    }

    /** Frames a window extends on each side of its support, for token boundaries that moved. */
    public int margin() {
        return margin;
    }

    /** Least support a window needs when the best window of all candidates has {@code maxSupport}. */
    public static int minSupport(int maxSupport) {
        return Math.max(1, (int) Math.ceil(SUPPORT_FRACTION * maxSupport));
    }

    /** Candidates the full DTW scores when {@code top} hits are requested (see {@link #REFINED_PER_HIT}). */
    public static int refined(int top) {
        return Math.max(MIN_REFINED, REFINED_PER_HIT * top);
    }

    /** Whether the coarse pass runs when {@code candidates} (recording, shift) pairs compete for {@code top} hits. */
    public boolean coarseApplies(int candidates, int top) {
        return coarse != null && candidates > refined(top);
    }

    /**
     * Windows of several recordings of one segment for transposition {@code query}, best supported first (see
     * {@link DtwWindows#of}).
     */
    public List<List<DtwWindows.Window>> windows(LeafReader leaf, int[] localDocs, int[] frames, CandidateQuery query)
            throws IOException {
        return DtwWindows.of(leaf, localDocs, frames, query.queryFrames(), queryLength, margin);
    }

    /**
     * Result of the coarse pass on one recording: the pooled cost of its best window and the span the full DTW
     * then matches (that of the best pooled match, widened by two pools and the margin on each side for the
     * detail the pooling blurred).
     *
     * @param cost   pooled cost, +infinity if no window qualified
     * @param window span for the full DTW, null if no window qualified
     */
    public record Coarse(float cost, DtwWindows.Window window) {}

    /** The coarse pass over the windows of one recording with at least {@code minSupport}. */
    public Coarse coarse(int shift, byte[] codes, List<DtwWindows.Window> windows, int minSupport) {
        int pad = 2 * coarse.factor() + margin;
        CoarseDtw.Match best = CoarseDtw.Match.NONE;
        DtwWindows.Window bestWindow = null;
        for (DtwWindows.Window w : windows) {
            if (w.support() < minSupport) continue;
            CoarseDtw.Match m = coarse.match(shift, codes, w.from(), w.to(), dimension);
            if (m.cost() < best.cost()) {
                best = m;
                bestWindow = new DtwWindows.Window(Math.max(w.from(), m.from() - pad), Math.min(w.to(), m.to() + pad),
                        w.support());
            }
        }
        return new Coarse(best.cost(), bestWindow);
    }

    /**
     * A recording's best full-resolution match without its start, and the first recording frame the matching
     * saw (the start is found later, for ranked recordings only, by {@link #locate}).
     *
     * @param end        cost and end frame (start -1), null if no window allowed a match
     * @param firstFrame first frame of the window holding the match
     */
    public record Match(DtwMatch end, int firstFrame) {}

    /** The full DTW over the windows of one recording with at least {@code minSupport}. */
    public Match fine(int shift, byte[] codes, List<DtwWindows.Window> windows, int minSupport) {
        int d = dimension;
        DtwMatch best = null;
        int bestFrom = 0;
        for (DtwWindows.Window w : windows) {
            if (w.support() < minSupport) continue;
            // only the window's frames are decoded; its matches are shifted back to recording frames
            float[] rec = RetrievalFeatures.dequantizeNormalized(codes, w.from() * d, (w.to() - w.from()) * d, d);
            DtwMatch m = dtwPerShift[shift].bestEnd(rec, 0, w.to() - w.from());
            if (m != null && (best == null || m.cost() < best.cost())) {
                best = m;
                bestFrom = w.from();
            }
        }
        DtwMatch end = best == null ? null : new DtwMatch(best.cost(), -1, bestFrom + best.endFrame());
        return new Match(end, bestFrom);
    }

    /** The full DTW over a whole recording (exhaustive search), codes given as a slice. */
    public Match whole(int shift, byte[] codes, int offset, int length) {
        float[] rec = RetrievalFeatures.dequantizeNormalized(codes, offset, length, dimension);
        return new Match(dtwPerShift[shift].bestEnd(rec, 0, length / dimension), 0);
    }

    /**
     * Completes a match with its start frame (matching runs without it, see SubsequenceDtw#bestEnd); the path
     * cannot start before the first frame the matching saw.
     */
    public DtwMatch locate(int shift, byte[] codes, Match match) {
        int d = dimension;
        DtwMatch end = match.end();
        SubsequenceDtw dtw = dtwPerShift[shift];
        int from = Math.max(match.firstFrame(), end.endFrame() - 2 * (dtw.queryLength() - 1));
        float[] rec = RetrievalFeatures.dequantizeNormalized(codes, from * d, (end.endFrame() + 1 - from) * d, d);
        int start = from + dtw.startOf(rec, 0, end.endFrame() - from);
        return new DtwMatch(end.cost(), start, end.endFrame());
    }
}
