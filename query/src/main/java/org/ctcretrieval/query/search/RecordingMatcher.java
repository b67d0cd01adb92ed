package org.ctcretrieval.query.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.LeafReader;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;

/**
 * A theme in every time scaling and transposition searched (its "variants"), and the re-scoring of candidate
 * recordings against them, one recording at a time: DTW windows from the recording's postings
 * ({@link DtwWindows}), the coarse pass ({@link CoarseDtw}), the full-resolution match, and the localisation of a
 * ranked recording over its whole length. Each step needs only the recording's 8-bit chroma codes (and, for the
 * windows, its segment), so the same steps serve {@link ThemeSearcher} in one process and a search engine that
 * scores each shard next to its data; the choices that look at all candidates at once ({@link #minSupport},
 * {@link #refined}, the coarse budgets) are applied by whoever sees all candidates.
 *
 * <p>Variant {@code v} is scaling {@code v / shifts.length} and transposition {@code shifts[v % shifts.length]}.
 * Immutable after construction and safe for concurrent use.
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

    /**
     * Cost added to a transposed match when recordings are ranked: a transposition is a hypothesis the query did
     * not state, and twelve of them give a distractor twelve chances to match by accident; see
     * docs/index-design.md for the measurement.
     */
    public static final double SHIFT_PENALTY = 0.03;

    /** Time scalings per recording that the full DTW refines after the coarse pass, best coarse cost first. */
    public static final int SCALES_REFINED = 2;

    private final int dimension;
    private final int margin;
    private final double[] scales;
    private final int[] shifts;
    private final int unscaled;
    private final boolean keyKnown;
    private final int queryFrames;
    private final float[][][] frames;
    private final SubsequenceDtw[] dtw;
    private final CoarseDtw[] coarse;

    /**
     * @param scales time scalings of the query, one of them 1
     * @param shifts transpositions in semitones up, 0 first
     * @param scaled the query at the index's retrieval rate in each scaling (same order as {@code scales})
     * @param schema the index's setup (dimension, shingle smoothing)
     */
    public RecordingMatcher(double[] scales, int[] shifts, float[][][] scaled, IndexSchema schema) {
        this(scales, shifts, scaled, schema, true);
    }

    /**
     * @param keyKnown whether the query states its key ({@link SearchOptions#keyKnown()}): if not, transpositions
     *                 are ranked by cost alone and share one refinement budget
     */
    public RecordingMatcher(double[] scales, int[] shifts, float[][][] scaled, IndexSchema schema, boolean keyKnown) {
        if (scaled.length != scales.length) throw new IllegalArgumentException("one query per scaling");
        this.dimension = schema.dimension();
        this.margin = Math.max(10, 2 * schema.quantizer().smoothFrames());
        this.scales = scales.clone();
        this.shifts = shifts.clone();
        this.keyKnown = keyKnown;
        int one = 0;
        for (int i = 0; i < scales.length; i++) if (scales[i] == 1.0) one = i;
        this.unscaled = one;
        this.queryFrames = scaled[unscaled].length;
        int n = scales.length * shifts.length;
        this.frames = new float[n][][];
        this.dtw = new SubsequenceDtw[n];
        this.coarse = new CoarseDtw[n];
        boolean coarseApplies = CoarseDtw.applies(queryFrames);
        for (int v = 0; v < n; v++) {
            frames[v] = RetrievalFeatures.rotate(scaled[v / shifts.length], shifts[v % shifts.length]);
            dtw[v] = new SubsequenceDtw(frames[v]);
            coarse[v] = coarseApplies ? new CoarseDtw(frames[v]) : null;
        }
    }

    /** The variants of {@code query} that {@code options} search (tempo range, transpositions). */
    public static RecordingMatcher of(FeatureSequence query, SearchOptions options, IndexSchema schema) {
        double[] scales = options.tempoRange().scales();
        double rate = schema.retrievalRate();
        float[][][] scaled = new float[scales.length][][];
        for (int i = 0; i < scales.length; i++) {
            // a copy stretched by f: the same frames played f times as long, resampled to the retrieval rate
            FeatureSequence stretched = scales[i] == 1.0 ? query
                    : new FeatureSequence(query.featureId(), query.frameRate() / scales[i], query.frames());
            scaled[i] = RetrievalFeatures.resample(stretched, rate).frames();
        }
        return new RecordingMatcher(scales, options.shifts(), scaled, schema, options.keyKnown());
    }

    /** Number of variants. */
    public int size() {
        return frames.length;
    }

    /** Factor of time scaling {@code i}. */
    public double scale(int i) {
        return scales[i];
    }

    /** Number of time scalings. */
    public int scales() {
        return scales.length;
    }

    /** Number of transpositions. */
    public int shifts() {
        return shifts.length;
    }

    /** Index of the unscaled copy among the scalings. */
    public int unscaled() {
        return unscaled;
    }

    /** Frames of the unscaled query at the retrieval rate. */
    public int queryFrames() {
        return queryFrames;
    }

    /** Variant of scaling {@code scale} and transposition index {@code shiftIndex}. */
    public int id(int scale, int shiftIndex) {
        return scale * shifts.length + shiftIndex;
    }

    /** Transposition index (into the shifts) of a variant. */
    public int shiftOf(int variant) {
        return variant % shifts.length;
    }

    /** Semitones a variant is transposed by. */
    public int semitones(int variant) {
        return shifts[shiftOf(variant)];
    }

    /** The query frames of a variant, at the retrieval rate. */
    public float[][] frames(int variant) {
        return frames[variant];
    }

    SubsequenceDtw dtw(int variant) {
        return dtw[variant];
    }

    /** Frames a window extends on each side of its support, for token boundaries that moved. */
    public int margin() {
        return margin;
    }

    /**
     * Cost a match is ranked and reported by: the DTW cost, plus {@link #SHIFT_PENALTY} if transposed and the
     * query's key is known.
     */
    public double rankCost(double cost, int variant) {
        return semitones(variant) == 0 || !keyKnown ? cost : cost + SHIFT_PENALTY;
    }

    /** Performance tempo of a match relative to the query's: query frames / matched frames. */
    public double tempo(DtwMatch m) {
        return m.startFrame() < 0 ? Double.NaN : (double) queryFrames / (m.endFrame() - m.startFrame() + 1);
    }

    /** Least support a window needs when the best window of all candidates has {@code maxSupport}. */
    public static int minSupport(int maxSupport) {
        return Math.max(1, (int) Math.ceil(SUPPORT_FRACTION * maxSupport));
    }

    /** Recordings the full DTW scores per budget when {@code top} hits are requested (see {@link #REFINED_PER_HIT}). */
    public static int refined(int top) {
        return Math.max(MIN_REFINED, REFINED_PER_HIT * top);
    }

    /** Whether the coarse pass runs when {@code recordings} candidate recordings compete for {@code top} hits. */
    public boolean coarseApplies(int recordings, int top) {
        return coarse[0] != null && recordings > refined(top);
    }

    /**
     * The coarse budget a variant's candidates compete in: transposition 0 (the plain search) and the others have
     * separate budgets, so the untransposed candidates are refined exactly as in a search without
     * transpositions. A query of unknown key has one budget: none of its transpositions is the plain search.
     */
    public int budgetGroup(int variant) {
        return semitones(variant) == 0 || !keyKnown ? 0 : 1;
    }

    /**
     * Whether the transpositions share one candidate budget: a query of unknown key searched in several keys keeps
     * the best-scored (recording, transposition) pairs of all keys' term searches, not a full budget per key.
     */
    public boolean sharedBudget() {
        return !keyKnown && shifts.length > 1;
    }

    /**
     * Windows of several recordings of one segment for several variants at once, each term's postings read once
     * (see {@link DtwWindows#of(LeafReader, int[], int[], List, int[], int)}).
     *
     * @param queries  the term query of each variant
     * @param variants the variants, in the order of {@code queries}
     * @return per variant, per recording, the windows best supported first
     */
    public List<List<List<DtwWindows.Window>>> windows(LeafReader leaf, int[] localDocs, int[] recordingFrames,
                                                       List<CandidateQuery> queries, int[] variants) throws IOException {
        return windows(leaf, localDocs, recordingFrames, queries, variants, null);
    }

    /**
     * {@link #windows(LeafReader, int[], int[], List, int[])} with the query terms' states in the segment looked up
     * already (null: look them up).
     */
    public List<List<List<DtwWindows.Window>>> windows(LeafReader leaf, int[] localDocs, int[] recordingFrames,
                                                       List<CandidateQuery> queries, int[] variants,
                                                       DtwWindows.TermStateLookup states) throws IOException {
        List<java.util.Map<org.apache.lucene.index.Term, int[]>> queryFrames = new ArrayList<>();
        int[] lengths = new int[variants.length];
        for (int k = 0; k < variants.length; k++) {
            queryFrames.add(queries.get(k).queryFrames());
            lengths[k] = frames[variants[k]].length;
        }
        return DtwWindows.of(leaf, localDocs, recordingFrames, queryFrames, lengths, margin, states);
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

    /** The coarse pass of a variant over the windows of one recording with at least {@code minSupport}. */
    public Coarse coarse(int variant, byte[] codes, List<DtwWindows.Window> windows, int minSupport) {
        return coarseSpan(variant, codes, coarseEnd(variant, codes, windows, minSupport));
    }

    /**
     * The coarse cost of a recording without the span of its match: the pooled cost of its best window and where
     * in that window the pooled match ends, for {@link #coarseSpan} to locate the match's start when the recording
     * is refined (most candidates are not, and locating a start costs about as much as the matching).
     *
     * @param cost   pooled cost, +infinity if no window qualified
     * @param window the best window, null if no window qualified
     * @param end    last pool of the best match in the window
     */
    public record CoarseEnd(float cost, DtwWindows.Window window, int end) {}

    /** {@link #coarse} without locating the start of the best pooled match. */
    public CoarseEnd coarseEnd(int variant, byte[] codes, List<DtwWindows.Window> windows, int minSupport) {
        CoarseDtw c = coarse[variant];
        CoarseEnd best = new CoarseEnd(Float.POSITIVE_INFINITY, null, -1);
        for (DtwWindows.Window w : windows) {
            if (w.support() < minSupport) continue;
            CoarseEnd m = c.end(codes, w.from(), w.to(), dimension, w);
            if (m.cost() < best.cost()) best = m;
        }
        return best;
    }

    /** The span the full DTW matches after {@link #coarseEnd}: as {@link #coarse} gives it. */
    public Coarse coarseSpan(int variant, byte[] codes, CoarseEnd end) {
        if (end.window() == null) return new Coarse(Float.POSITIVE_INFINITY, null);
        CoarseDtw c = coarse[variant];
        int pad = 2 * c.factor() + margin;
        DtwWindows.Window w = end.window();
        CoarseDtw.Match m = c.span(codes, w.from(), w.to(), dimension, end);
        return new Coarse(end.cost(), new DtwWindows.Window(Math.max(w.from(), m.from() - pad),
                Math.min(w.to(), m.to() + pad), w.support()));
    }

    /**
     * A recording's best full-resolution match without its start, and the first recording frame the matching
     * saw.
     *
     * @param end        cost and end frame (start -1), null if no window allowed a match
     * @param firstFrame first frame of the window holding the match
     */
    public record Match(DtwMatch end, int firstFrame) {}

    /** The full DTW of a variant over the windows of one recording with at least {@code minSupport}. */
    public Match fine(int variant, byte[] codes, List<DtwWindows.Window> windows, int minSupport) {
        int d = dimension;
        DtwMatch best = null;
        int bestFrom = 0;
        for (DtwWindows.Window w : windows) {
            if (w.support() < minSupport) continue;
            // only the window's frames are decoded; its matches are shifted back to recording frames
            float[] rec = RetrievalFeatures.dequantizeNormalized(codes, w.from() * d, (w.to() - w.from()) * d, d);
            DtwMatch m = dtw[variant].bestEnd(rec, 0, w.to() - w.from());
            if (m != null && (best == null || m.cost() < best.cost())) {
                best = m;
                bestFrom = w.from();
            }
        }
        DtwMatch end = best == null ? null : new DtwMatch(best.cost(), -1, bestFrom + best.endFrame());
        return new Match(end, bestFrom);
    }

    /** The full DTW of a variant over a whole recording (exhaustive search), codes given as a slice. */
    public Match whole(int variant, byte[] codes, int offset, int length) {
        return whole(variant, RetrievalFeatures.dequantizeNormalized(codes, offset, length, dimension), length / dimension);
    }

    /** The full DTW of a variant over a whole recording already decoded (frames of {@code rec}). */
    public Match whole(int variant, float[] rec, int recFrames) {
        return new Match(dtw[variant].bestEnd(rec, 0, recFrames), 0);
    }

    /** A located match in a whole recording and the variant that produced it. */
    public record Located(DtwMatch match, int variant) {}

    /**
     * Matches the query in the whole of a ranked recording, with every time scaling at the transposition that
     * ranked it and in the written key: the best span of the recording (a cost no higher than the windowed matching found) and, for
     * {@code occurrences > 1}, further non-overlapping spans, best first by {@link #rankCost}.
     *
     * @param codes    the recording's 8-bit chroma
     * @param variant  the variant that ranked the recording
     * @param windowed its ranking match (start unknown), kept if the recording is too short for any scaling
     */
    public List<Located> locate(byte[] codes, int variant, Match windowed, int occurrences) {
        int d = dimension;
        int recFrames = codes.length / d;
        float[] rec = RetrievalFeatures.dequantizeNormalized(codes, 0, codes.length, d);
        // The transposition that ranked the recording, and the written key too: a recording whose windows in the
        // written key missed the match can be ranked through a neighbour's windows, yet match best untransposed.
        int[] keys = shiftOf(variant) == 0 ? new int[] {0} : new int[] {shiftOf(variant), 0};
        List<Located> all = new ArrayList<>();
        for (int h : keys) for (int sc = 0; sc < scales.length; sc++) {
            int v = id(sc, h);
            if (occurrences == 1) {
                DtwMatch end = dtw[v].bestEnd(rec, 0, recFrames);
                if (end != null) all.add(new Located(end, v));
            } else {
                for (DtwMatch m : dtw[v].topMatches(rec, recFrames, occurrences)) all.add(new Located(m, v));
            }
        }
        all.sort(Comparator.comparingDouble((Located m) -> rankCost(m.match.cost(), m.variant))
                .thenComparingInt(m -> m.match.endFrame()));
        List<Located> chosen = new ArrayList<>();
        for (Located m : all) {
            if (chosen.size() == occurrences) break;
            if (occurrences == 1) {
                DtwMatch end = m.match;
                int start = dtw[m.variant].startOf(rec, 0, end.endFrame());
                m = new Located(new DtwMatch(end.cost(), start, end.endFrame()), m.variant);
            }
            boolean free = true;
            for (Located c : chosen) free &= !c.match.overlaps(m.match);
            if (free) chosen.add(m);
        }
        chosen.replaceAll(m -> new Located(HeldEnds.widen(frames[m.variant], rec, recFrames, m.match), m.variant));
        if (chosen.isEmpty()) { // recording too short for any scaling: keep the windowed match
            DtwMatch end = windowed.end();
            chosen.add(new Located(new DtwMatch(end.cost(),
                    dtw[variant].startOf(rec, windowed.firstFrame(), end.endFrame()), end.endFrame()), variant));
        }
        return chosen;
    }
}
