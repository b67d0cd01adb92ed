package org.ctcretrieval.common.hcqt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctcretrieval.common.dsp.Decimator;

/**
 * Computes CQT octave responses for a range of hop frames only, from a stretch of the original signal: every
 * resampled octave signal is computed just over the samples those frames read (plus the resampling filter's
 * support), so the frames equal those of the whole-signal computation ({@link CqtRunner#run}) bit for bit.
 *
 * <p>Why it is exact: a resampled sample depends only on the parent samples under the FIR support (clipped at the
 * true signal ends, zero at and beyond resampy's output length), and an STFT frame only on the samples under its
 * window (reflected at the true signal ends). Both are evaluated here with the whole signal's lengths, the same
 * taps and the same summation order. Frames near the end need the true signal length; frames whose support lies
 * inside a prefix of the signal ({@link #interiorNeed}) can be computed before the rest of the signal is known.
 */
final class ChunkPlan {
    /** A signal length larger than any real one, for needs that must not depend on the signal's end. */
    static final long UNBOUNDED = 1L << 50;

    private record Group(Stage.StftKey key, int signal, List<Stage> stages) {
    }

    /** Distinct signals, every parent before its children; index 0 is the original. */
    private final List<SignalSpec> signals = new ArrayList<>();
    private final int[] parent;
    private final Decimator[] decimators;
    private final List<Group> groups = new ArrayList<>();
    private final int rows;

    ChunkPlan(List<Stage> stages) {
        List<SignalSpec> all = new ArrayList<>();
        for (Stage s : stages) {
            for (SignalSpec p = s.signal(); p != null; p = p.parent()) if (!all.contains(p)) all.add(p);
        }
        all.sort(Comparator.comparingInt(SignalSpec::depth));
        signals.addAll(all);
        if (signals.get(0).parent() != null) throw new IllegalStateException("no original signal in the plan");
        Map<SignalSpec, Integer> index = new HashMap<>();
        for (int i = 0; i < signals.size(); i++) index.put(signals.get(i), i);
        parent = new int[signals.size()];
        decimators = new Decimator[signals.size()];
        for (int i = 0; i < signals.size(); i++) {
            SignalSpec s = signals.get(i);
            parent[i] = s.parent() == null ? -1 : index.get(s.parent());
            if (s.parent() != null) {
                double inc = 1.0 / s.ratio();
                if (inc != Math.rint(inc)) {
                    throw new IllegalArgumentException("octave resampling by a non-integer factor: " + s.ratio());
                }
                decimators[i] = new Decimator((int) inc, s.filter(), true);
            }
        }
        Map<Stage.StftKey, List<Stage>> byKey = new LinkedHashMap<>();
        int maxRow = 0;
        for (Stage s : stages) {
            byKey.computeIfAbsent(s.stftKey(), k -> new ArrayList<>()).add(s);
            maxRow = Math.max(maxRow, s.firstRow() + s.basis().rows);
        }
        rows = maxRow;
        for (var e : byKey.entrySet()) groups.add(new Group(e.getKey(), index.get(e.getKey().signal()), e.getValue()));
    }

    /** Length of every signal for an original of {@code n} samples. */
    long[] lengths(long n) {
        long[] len = new long[signals.size()];
        for (int i = 0; i < len.length; i++) len[i] = i == 0 ? n : (long) Math.ceil(len[parent[i]] * signals.get(i).ratio());
        return len;
    }

    /**
     * Samples of every signal that frames {@code f0 … f1 − 1} read, {@code [lo, hi)} per signal (empty: lo ≥ hi).
     */
    long[][] needs(long[] len, int f0, int f1) {
        int ns = signals.size();
        long[] lo = new long[ns];
        long[] hi = new long[ns];
        java.util.Arrays.fill(lo, Long.MAX_VALUE);
        java.util.Arrays.fill(hi, Long.MIN_VALUE);
        for (Group g : groups) {
            int half = g.key().nFft() / 2;
            // a sliding spectrum starts from an anchor frame before f0
            long a = (long) FrameSpectrum.firstFrameRead(g.key(), f0) * g.key().hop() - half;
            long b = (long) (f1 - 1) * g.key().hop() + half;
            long[] r = reflectedRange(a, b, len[g.signal()]);
            lo[g.signal()] = Math.min(lo[g.signal()], r[0]);
            hi[g.signal()] = Math.max(hi[g.signal()], r[1]);
        }
        for (int i = ns - 1; i > 0; i--) {
            if (lo[i] >= hi[i]) continue;
            Decimator d = decimators[i];
            int p = parent[i];
            // outputs at and beyond resampy's length are zeros of the length fix: they read nothing
            long h = Math.min(hi[i], d.computedLength(len[p]));
            if (lo[i] >= h) continue;
            long plo = Math.max(0, lo[i] * d.step() - d.before());
            long phi = Math.min(len[p], (h - 1) * d.step() + d.after() + 1);
            lo[p] = Math.min(lo[p], plo);
            hi[p] = Math.max(hi[p], phi);
        }
        return new long[][] {lo, hi};
    }

    /**
     * The original samples {@code [lo, hi)} that frames {@code f0 … f1 − 1} read when the signal is known to
     * continue beyond {@code hi}: if {@code hi ≤ m} for m samples received so far, {@link #run} with length m gives
     * the frames of the complete signal (no clipping or reflection at the end comes into play).
     */
    long[] interiorNeed(int f0, int f1) {
        long[][] need = needs(lengths(UNBOUNDED), f0, f1);
        return new long[] {need[0][0], need[1][0]};
    }

    /** Rows (output rows of all stages). */
    int rows() {
        return rows;
    }

    /**
     * Computes frames {@code f0 … f1 − 1} of every stage into {@code sink} on the calling thread.
     *
     * @param original      a stretch of the original signal: {@code original[i]} is sample {@code originalStart + i};
     *                      it must cover the original samples of {@link #needs} for these frames
     * @param originalStart position of {@code original[0]}
     * @param n             length of the original signal (or of the prefix received so far, see
     *                      {@link #interiorNeed})
     */
    void run(float[] original, long originalStart, long n, int f0, int f1, CqtRunner.Sink sink) {
        if (f0 >= f1) return;
        long[] len = lengths(n);
        long[][] need = needs(len, f0, f1);
        int ns = signals.size();
        float[][] data = new float[ns][];
        long[] start = new long[ns];
        data[0] = original;
        start[0] = originalStart;
        if (need[0][0] < originalStart || need[1][0] > originalStart + original.length) {
            throw new IllegalStateException("original samples [" + need[0][0] + ", " + need[1][0]
                    + ") needed, have [" + originalStart + ", " + (originalStart + original.length) + ")");
        }
        for (int i = 1; i < ns; i++) {
            long lo = need[0][i];
            long hi = need[1][i];
            if (lo >= hi) continue;
            int p = parent[i];
            float[] out = new float[(int) (hi - lo)];
            decimators[i].apply(data[p], start[p], len[p], out, 0, lo, out.length);
            data[i] = out;
            start[i] = lo;
        }
        for (Group g : groups) {
            CqtRunner.runGroup(data[g.signal()], start[g.signal()], len[g.signal()], g.key(), g.stages(), f0, f1, sink);
        }
    }

    /**
     * The indices {@code reflect(i, len)} for i in {@code [a, b)} (numpy 'reflect' padding) lie in the returned
     * {@code [lo, hi)}.
     */
    static long[] reflectedRange(long a, long b, long len) {
        if (len <= 1) return new long[] {0, 1};
        if (a >= 0 && b <= len) return new long[] {a, b};
        if (a < -(len - 1) || b - 1 > 2 * (len - 1)) return new long[] {0, len}; // more than one reflection
        long lo = Math.max(a, 0);
        long hi = Math.min(b, len);
        if (a < 0) hi = Math.max(hi, Math.min(len, -a + 1)); // i < 0 reflects to −i
        if (b > len) lo = Math.min(lo, 2 * (len - 1) - (b - 1)); // i ≥ len reflects to 2(len − 1) − i
        return new long[] {lo, hi};
    }
}
