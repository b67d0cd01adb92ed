package org.ctcretrieval.common.hcqt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.ctcretrieval.common.dsp.MultiplyAdd;

/**
 * Computes CQT octave responses: resamples each needed signal once, computes each distinct STFT (signal, FFT
 * length, hop) once frame by frame, and applies every stage's sparse basis to that frame's spectrum. Frames are
 * never stored: magnitudes go straight to a {@link Sink}. {@link #run} is the whole-signal computation (whole
 * resampled signals, one task per STFT), used by {@link ConstantQ#magnitude} and {@link Hcqt#magnitudes} and as
 * the reference of the chunked computation ({@link ChunkPlan}), which shares {@link #runGroup}.
 */
final class CqtRunner {
    /**
     * Receives squared magnitudes, a block of consecutive rows of one frame at a time; for a given row, frames arrive in
     * increasing order from a single thread.
     */
    interface Sink {
        /** Powers (squared magnitudes) of rows {@code firstRow … firstRow + count − 1} at {@code frame}. */
        void put(int frame, int firstRow, double[] powers, int count);
    }

    private CqtRunner() {
    }

    /**
     * @param y       original samples
     * @param stages  octave responses to compute
     * @param nFrames frames to compute per response (librosa trims all responses to the shortest)
     * @param sink    receives the power {@code |response|² / length}, i.e. the squared CQT magnitude (the square
     *                root is left to consumers that need magnitudes: medians, maxima and dB values work on powers)
     * @param threads worker threads (1 = calling thread only)
     */
    static void run(float[] y, List<Stage> stages, int nFrames, Sink sink, int threads) {
        Map<Stage.StftKey, List<Stage>> groups = new LinkedHashMap<>();
        for (Stage s : stages) groups.computeIfAbsent(s.stftKey(), k -> new ArrayList<>()).add(s);
        List<Map.Entry<Stage.StftKey, List<Stage>>> order = new ArrayList<>(groups.entrySet());
        // shallow signals first: deeper ones wait for their parents anyway
        order.sort(Comparator.comparingInt(e -> e.getKey().signal().depth()));
        SignalCache signals = new SignalCache(y);
        if (threads <= 1 || order.size() == 1) {
            for (var e : order) {
                float[] x = signals.get(e.getKey().signal());
                runGroup(x, 0, x.length, e.getKey(), e.getValue(), 0, nFrames, sink);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cqt-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (var e : order) {
                futures.add(pool.submit(() -> {
                    float[] x = signals.get(e.getKey().signal());
                    runGroup(x, 0, x.length, e.getKey(), e.getValue(), 0, nFrames, sink);
                }));
            }
            for (Future<?> f : futures) await(f);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The result of a worker task; its runtime exception or error is rethrown as it is (so a bad input reads the
     * same as on the calling thread), interruption as an {@link IllegalStateException}.
     */
    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /**
     * Frames computed together: one SIMD lane each in the basis products. Long enough for the JIT's vectorised
     * loops (which process several vectors per pass after a scalar pre-loop), short enough that the spectra of a
     * block stay in the L2 cache.
     */
    static final int LANES = 64;

    /**
     * One STFT (window ones, centre, reflect padding) and the products with every basis that uses it, for frames
     * {@code f0 … f1 − 1}, {@link #LANES} frames at a time: the spectra of a block of frames are stored bin-major
     * (bin k of lane f at {@code [k][f]}), so that every basis coefficient multiplies a run of frames, a loop the JIT
     * vectorises. Each frame's sums are still formed one coefficient after the other in column order, as in the
     * direct sparse product, so results do not depend on the blocking.
     *
     * @param x      a stretch of the signal: {@code x[i]} is sample {@code xStart + i}; it must hold every sample
     *               that frames {@link FrameSpectrum#firstFrameRead} … {@code f1 − 1} read (after reflection at the
     *               signal's ends)
     * @param length length of the whole signal (reflect padding happens at 0 and at {@code length})
     */
    static void runGroup(float[] x, long xStart, long length, Stage.StftKey key, List<Stage> stages, int f0, int f1,
            Sink sink) {
        FrameSpectrum spec = FrameSpectrum.of(x, xStart, length, key, stages);
        int maxRows = 0;
        int columns = key.nFft() / 2 + 1;
        for (Stage s : stages) {
            maxRows = Math.max(maxRows, s.basis().rows);
            columns = Math.max(columns, s.basis().denseColumns);
        }
        BlockProducts block = new BlockProducts(columns, maxRows, Math.min(LANES, f1 - f0));
        int lanes = block.lanes;
        for (int t0 = f0; t0 < f1; t0 += lanes) {
            int n = Math.min(lanes, f1 - t0);
            // lanes beyond n keep the previous block's frames: computed alongside, never delivered
            for (int f = 0; f < n; f++) spec.compute(t0 + f, block.re, block.im, f);
            for (Stage s : stages) {
                int r0 = Math.max(0, s.minRow() - s.firstRow()); // rows librosa drops below the lowest bin
                block.products(s, r0);
                for (int f = 0; f < n; f++) sink.put(t0 + f, s.firstRow() + r0, block.powers[f], s.basis().rows - r0);
            }
        }
    }

    /**
     * The spectra of a block of frames (lanes) and their products with a basis. Per row, the four real sums
     * (Re·Re, Im·Im, Re·Im, Im·Re) of every lane are accumulated four coefficients per pass over the lanes (fewer
     * loads and stores of the sums), each a chain of fused multiply-adds ({@link Math#fma}: one instruction, one
     * rounding) in column order. Every array in a loop is indexed by the lane alone: loops of that form are the ones
     * the JIT vectorises.
     */
    static final class BlockProducts {
        final int lanes;
        /** Real and imaginary spectrum, bin k of lane f at {@code [k][f]}. */
        final double[][] re;
        final double[][] im;
        /** Powers of the last {@link #products} call, {@code [lane][row − r0]}. */
        final double[][] powers;
        private final double[] rr;
        private final double[] ii;
        private final double[] ri;
        private final double[] ir;

        BlockProducts(int bins, int maxRows, int lanes) {
            this.lanes = lanes;
            re = new double[bins][lanes];
            im = new double[bins][lanes];
            powers = new double[lanes][maxRows];
            rr = new double[lanes];
            ii = new double[lanes];
            ri = new double[lanes];
            ir = new double[lanes];
        }

        /** Powers {@code |row · spectrum|² / length} of rows {@code r0 …} of stage {@code s} for every lane. */
        void products(Stage s, int r0) {
            OctaveBasis b = s.basis();
            int[] first = b.firstCol;
            int[] len = b.rangeLen;
            int[] off = b.rangeStart;
            double[] br = b.denseRe;
            double[] bi = b.denseIm;
            double[] inv = s.inverseLength();
            double[][] xr = re;
            double[][] xi = im;
            for (int r = r0; r < b.rows; r++) {
                java.util.Arrays.fill(rr, 0.0);
                java.util.Arrays.fill(ii, 0.0);
                java.util.Arrays.fill(ri, 0.0);
                java.util.Arrays.fill(ir, 0.0);
                int o = off[r];
                int e = len[r];
                int c = first[r];
                // ranges are a multiple of four columns long (OctaveBasis.RANGE_MULTIPLE)
                for (int p = 0; p < e; p += 4, c += 4) {
                    double[] x0 = xr[c], x1 = xr[c + 1], x2 = xr[c + 2], x3 = xr[c + 3];
                    double[] y0 = xi[c], y1 = xi[c + 1], y2 = xi[c + 2], y3 = xi[c + 3];
                    double cr0 = br[o + p], cr1 = br[o + p + 1], cr2 = br[o + p + 2], cr3 = br[o + p + 3];
                    double ci0 = bi[o + p], ci1 = bi[o + p + 1], ci2 = bi[o + p + 2], ci3 = bi[o + p + 3];
                    MultiplyAdd.add4(rr, cr0, x0, cr1, x1, cr2, x2, cr3, x3);
                    MultiplyAdd.add4(ii, ci0, y0, ci1, y1, ci2, y2, ci3, y3);
                    MultiplyAdd.add4(ri, cr0, y0, cr1, y1, cr2, y2, cr3, y3);
                    MultiplyAdd.add4(ir, ci0, x0, ci1, x1, ci2, x2, ci3, x3);
                }
                double w = inv[r];
                int row = r - r0;
                for (int f = 0; f < lanes; f++) {
                    double ar = rr[f] - ii[f];
                    double ai = ri[f] + ir[f];
                    powers[f][row] = (ar * ar + ai * ai) * w;
                }
            }
        }
    }

    /** Index into a signal of length n under numpy's 'reflect' padding (mirror without repeating the edge). */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Resampled signals, each computed once, on first request, by the requesting thread. */
    private static final class SignalCache {
        private final float[] original;
        private final Map<SignalSpec, FutureTask<float[]>> cache = new ConcurrentHashMap<>();

        SignalCache(float[] original) {
            this.original = original;
        }

        float[] get(SignalSpec spec) {
            if (spec.parent() == null) return original;
            FutureTask<float[]> task = cache.computeIfAbsent(spec,
                    s -> new FutureTask<>(() -> s.derive(get(s.parent()))));
            task.run();
            return await(task);
        }
    }
}
