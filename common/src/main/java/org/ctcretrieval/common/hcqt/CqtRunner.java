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
     * One STFT (window ones, centre, reflect padding) and the products with every basis that uses it, for frames
     * {@code f0 … f1 − 1}. Frames are taken in pairs: the basis coefficients are read once for both and the two
     * frames' sums form independent chains that keep the floating-point units busy; each frame's sums are formed in
     * the same order as for a single frame, so results do not depend on the pairing. The multiply-adds are fused
     * ({@link Math#fma}, one instruction on x86-64 with FMA3 and on aarch64): fewer operations, and one rounding
     * instead of two per term.
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
        for (Stage s : stages) maxRows = Math.max(maxRows, s.basis().rows);
        double[] magsA = new double[maxRows];
        double[] magsB = new double[maxRows];
        double[] bufA = new double[key.nFft() + 2]; // spectrum interleaved (re, im) for bins 0..nFft/2
        double[] bufB = new double[key.nFft() + 2];
        for (int t = f0; t < f1; t += 2) {
            boolean pair = t + 1 < f1;
            spec.compute(t, bufA);
            if (pair) spec.compute(t + 1, bufB);
            for (Stage s : stages) {
                int r0 = Math.max(0, s.minRow() - s.firstRow()); // rows librosa drops below the lowest bin
                if (pair) {
                    products2(s, r0, bufA, bufB, magsA, magsB);
                    sink.put(t, s.firstRow() + r0, magsA, s.basis().rows - r0);
                    sink.put(t + 1, s.firstRow() + r0, magsB, s.basis().rows - r0);
                } else {
                    products1(s, r0, bufA, magsA);
                    sink.put(t, s.firstRow() + r0, magsA, s.basis().rows - r0);
                }
            }
        }
    }

    /** Powers of rows {@code r0 …} of stage {@code s} for one spectrum. */
    private static void products1(Stage s, int r0, double[] buf, double[] mags) {
        OctaveBasis b = s.basis();
        int[] first = b.firstCol;
        int[] len = b.rangeLen;
        int[] off = b.rangeStart;
        double[] br = b.denseRe;
        double[] bi = b.denseIm;
        double[] inv = s.inverseLength();
        for (int r = r0; r < b.rows; r++) {
            // four independent sums keep the floating-point pipeline busy
            double rr = 0;
            double ii = 0;
            double ri = 0;
            double ir = 0;
            int o = off[r];
            int c2 = 2 * first[r];
            for (int p = 0, e = len[r]; p < e; p++, c2 += 2) {
                double xr = buf[c2];
                double xi = buf[c2 + 1];
                double cr = br[o + p];
                double ci = bi[o + p];
                rr += cr * xr;
                ii += ci * xi;
                ri += cr * xi;
                ir += ci * xr;
            }
            double ar = rr - ii;
            double ai = ri + ir;
            mags[r - r0] = (ar * ar + ai * ai) * inv[r];
        }
    }

    /** {@link #products1} for two spectra at once, with the same summation order per spectrum. */
    private static void products2(Stage s, int r0, double[] bufA, double[] bufB, double[] magsA, double[] magsB) {
        OctaveBasis b = s.basis();
        int[] first = b.firstCol;
        int[] len = b.rangeLen;
        int[] off = b.rangeStart;
        double[] br = b.denseRe;
        double[] bi = b.denseIm;
        double[] inv = s.inverseLength();
        for (int r = r0; r < b.rows; r++) {
            double rrA = 0;
            double iiA = 0;
            double riA = 0;
            double irA = 0;
            double rrB = 0;
            double iiB = 0;
            double riB = 0;
            double irB = 0;
            int o = off[r];
            int c2 = 2 * first[r];
            for (int p = 0, e = len[r]; p < e; p++, c2 += 2) {
                double cr = br[o + p];
                double ci = bi[o + p];
                double xrA = bufA[c2];
                double xiA = bufA[c2 + 1];
                double xrB = bufB[c2];
                double xiB = bufB[c2 + 1];
                rrA = Math.fma(cr, xrA, rrA);
                iiA = Math.fma(ci, xiA, iiA);
                riA = Math.fma(cr, xiA, riA);
                irA = Math.fma(ci, xrA, irA);
                rrB = Math.fma(cr, xrB, rrB);
                iiB = Math.fma(ci, xiB, iiB);
                riB = Math.fma(cr, xiB, riB);
                irB = Math.fma(ci, xrB, irB);
            }
            double ar = rrA - iiA;
            double ai = riA + irA;
            magsA[r - r0] = (ar * ar + ai * ai) * inv[r];
            ar = rrB - iiB;
            ai = riB + irB;
            magsB[r - r0] = (ar * ar + ai * ai) * inv[r];
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
