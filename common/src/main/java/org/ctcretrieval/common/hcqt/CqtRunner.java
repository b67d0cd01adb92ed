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
import org.jtransforms.fft.DoubleFFT_1D;

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
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One STFT (window ones, centre, reflect padding) and the products with every basis that uses it, for frames
     * {@code f0 … f1 − 1}.
     *
     * @param x      a stretch of the signal: {@code x[i]} is sample {@code xStart + i}; it must hold every sample the
     *               frames read (after reflection at the signal's ends)
     * @param length length of the whole signal (reflect padding happens at 0 and at {@code length})
     */
    static void runGroup(float[] x, long xStart, long length, Stage.StftKey key, List<Stage> stages, int f0, int f1,
            Sink sink) {
        int nFft = key.nFft();
        int hop = key.hop();
        int half = nFft / 2;
        // real FFT as a complex FFT of half length, unpacked only over the bins the bases use
        DoubleFFT_1D fft = new DoubleFFT_1D(half);
        double[] frame = new double[nFft];
        double[] buf = new double[nFft + 2]; // spectrum interleaved (re, im) for bins 0..nFft/2
        int lo = half;
        int hi = 0;
        for (Stage s : stages) {
            lo = Math.min(lo, s.basis().minCol);
            hi = Math.max(hi, s.basis().maxCol);
        }
        double[] cos = new double[half + 1];
        double[] sin = new double[half + 1];
        for (int k = lo; k <= hi; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / nFft);
            sin[k] = Math.sin(2 * Math.PI * k / nFft);
        }
        int maxRows = 0;
        for (Stage s : stages) maxRows = Math.max(maxRows, s.basis().rows);
        double[] mags = new double[maxRows];
        int n = (int) length;
        int x0 = (int) xStart;
        for (int t = f0; t < f1; t++) {
            int start = t * hop - half;
            if (start >= 0 && start + nFft <= n) {
                for (int k = 0, i = start - x0; k < nFft; k++, i++) frame[k] = x[i];
            } else {
                for (int k = 0; k < nFft; k++) frame[k] = x[reflect(start + k, n) - x0];
            }
            // z[m] = frame[2m] + i·frame[2m+1]; Z = FFT(z); X[k] = E[k] + e^{-2πik/N}·O[k] with
            // E = (Z[k] + conj Z[N/2−k])/2, O = (Z[k] − conj Z[N/2−k])/(2i)
            fft.complexForward(frame);
            for (int k = lo; k <= hi; k++) {
                double xr;
                double xi;
                if (k == 0 || k == half) {
                    xr = k == 0 ? frame[0] + frame[1] : frame[0] - frame[1];
                    xi = 0;
                } else {
                    int m = half - k;
                    double ar = frame[2 * k];
                    double ai = frame[2 * k + 1];
                    double br = frame[2 * m];
                    double bi = -frame[2 * m + 1];
                    double er = 0.5 * (ar + br);
                    double ei = 0.5 * (ai + bi);
                    double or = 0.5 * (ai - bi); // (a − b)/(2i) = −i(a − b)/2
                    double oi = -0.5 * (ar - br);
                    xr = er + cos[k] * or + sin[k] * oi;
                    xi = ei + cos[k] * oi - sin[k] * or;
                }
                // librosa stores the STFT as complex64
                buf[2 * k] = (float) xr;
                buf[2 * k + 1] = (float) xi;
            }
            for (Stage s : stages) {
                OctaveBasis b = s.basis();
                int[] first = b.firstCol;
                int[] len = b.rangeLen;
                int[] off = b.rangeStart;
                double[] br = b.denseRe;
                double[] bi = b.denseIm;
                double[] inv = s.inverseLength();
                int r0 = Math.max(0, s.minRow() - s.firstRow()); // rows librosa drops below the lowest bin
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
                sink.put(t, s.firstRow() + r0, mags, b.rows - r0);
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
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                throw new IllegalStateException(c);
            }
        }
    }
}
