package org.ctcretrieval.common.dsp;

import java.util.Arrays;

/**
 * {@link Resampler#resample(float[], double, double, Resampler.Filter)} of a signal that arrives block by block:
 * the concatenated output equals the whole-signal result bit for bit, while only a few thousand input samples
 * (the filter support) are kept.
 *
 * <p>What is reproduced: resampy's time register (a running sum of {@code 1/ratio}, not {@code t/ratio}), the
 * integer-step FIR of integer decimation factors ({@link Decimator}), the clipping of the filter support at both
 * ends of the signal (outputs near the end are held back until the end is known), resampy's output length
 * {@code int(len·ratio)} and librosa's length fix to {@code ceil(len·ratio)} with trailing zeros.
 */
public final class StreamingResampler {
    /** Receives output samples, {@code samples[0 … count − 1]}; the array is reused after the call. */
    @FunctionalInterface
    public interface Output {
        void accept(float[] samples, int count) throws java.io.IOException;
    }

    private static final int OUT_BLOCK = 1 << 14;

    private final double srOrig;
    private final double srNew;
    private final double ratio;
    private final boolean identity;
    /** Integer decimation (null for other ratios). */
    private final Decimator decimator;
    private final double[] win;
    private final double[] delta;
    private final double increment;
    private final double scale;
    private final int indexStep;
    /** Largest wing length in input samples (either side). */
    private final int reach;

    private float[] buf = new float[1 << 15];
    private long bufStart;
    private int bufLen;
    private long received;
    private long nextOut;
    private double timeRegister;
    private final float[] out = new float[OUT_BLOCK];
    private boolean finished;

    /**
     * @param srOrig input sample rate in Hz (&gt; 0)
     * @param srNew  output sample rate in Hz (&gt; 0)
     * @param filter resampling filter
     */
    public StreamingResampler(double srOrig, double srNew, Resampler.Filter filter) {
        if (!(srOrig > 0)) throw new IllegalArgumentException("invalid sample rate: sr_orig=" + srOrig);
        if (!(srNew > 0)) throw new IllegalArgumentException("invalid sample rate: sr_new=" + srNew);
        this.srOrig = srOrig;
        this.srNew = srNew;
        ratio = srNew / srOrig;
        identity = srOrig == srNew;
        double[] w = filter.table();
        if (ratio < 1) {
            double[] scaled = new double[w.length];
            for (int i = 0; i < w.length; i++) scaled[i] = w[i] * ratio;
            w = scaled;
        }
        win = w;
        delta = new double[w.length];
        for (int i = 0; i < w.length - 1; i++) delta[i] = w[i + 1] - w[i];
        increment = 1.0 / ratio;
        scale = Math.min(1.0, ratio);
        indexStep = (int) (scale * Resampler.TABLE_DENSITY);
        reach = win.length / indexStep + 2;
        decimator = !identity && increment == Math.rint(increment) && increment < (1 << 30)
                ? new Decimator((int) increment, ratio, win, delta) : null;
    }

    /**
     * Feeds the next {@code n} input samples; emits every output whose filter support is complete.
     *
     * @throws IllegalStateException after {@link #finish}
     * @throws java.io.IOException   from the sink
     */
    public void push(float[] block, int n, Output sink) throws java.io.IOException {
        if (finished) throw new IllegalStateException("resampler already finished");
        if (n == 0) return;
        if (identity) {
            received += n;
            for (int i = 0; i < n; i += OUT_BLOCK) {
                int c = Math.min(OUT_BLOCK, n - i);
                System.arraycopy(block, i, out, 0, c);
                sink.accept(out, c);
            }
            return;
        }
        append(block, n);
        emit(false, sink);
    }

    /**
     * Ends the input: emits the remaining outputs, up to {@code ceil(len·ratio)} in all.
     *
     * @return the total number of output samples
     * @throws IllegalArgumentException if the input is too short to give one output (resampy's error)
     * @throws java.io.IOException      from the sink
     */
    public long finish(Output sink) throws java.io.IOException {
        if (finished) throw new IllegalStateException("resampler already finished");
        finished = true;
        if (identity) return received;
        long computed = (long) (received * ratio);
        if (computed < 1) {
            throw new IllegalArgumentException("input signal length=" + received + " is too small to resample from "
                    + srOrig + "->" + srNew);
        }
        emit(true, sink);
        long total = (long) Math.ceil(received * ratio);
        int fill = 0;
        for (long t = nextOut; t < total; t++) {
            out[fill++] = 0f;
            if (fill == OUT_BLOCK) {
                sink.accept(out, fill);
                fill = 0;
            }
        }
        if (fill > 0) sink.accept(out, fill);
        nextOut = total;
        return total;
    }

    /** Total input samples received. */
    public long inputLength() {
        return received;
    }

    private void append(float[] block, int n) {
        // drop input no longer needed: everything before the left wing of the next output
        long keepFrom = Math.max(bufStart, firstNeeded());
        int drop = (int) Math.min(bufLen, keepFrom - bufStart);
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        }
        if (bufLen + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufLen + n));
        System.arraycopy(block, 0, buf, bufLen, n);
        bufLen += n;
        received += n;
    }

    /** First input sample the next output reads. */
    private long firstNeeded() {
        long centre = decimator != null ? nextOut * decimator.step() : (long) timeRegister;
        return Math.max(0, centre - reach);
    }

    private void emit(boolean atEnd, Output sink) throws java.io.IOException {
        long computed = atEnd ? (long) (received * ratio) : Long.MAX_VALUE;
        int fill = 0;
        while (nextOut < computed) {
            if (decimator != null) {
                long centre = nextOut * decimator.step();
                if (!atEnd && centre + decimator.after() > received - 1) break;
                // as many outputs as are ready, in one FIR call
                long last = atEnd ? computed - 1 : (received - 1 - decimator.after()) / decimator.step();
                int count = (int) Math.min(OUT_BLOCK - fill, last - nextOut + 1);
                decimator.fir(buf, bufStart, received, out, fill, nextOut, count);
                fill += count;
                nextOut += count;
            } else {
                int n = (int) timeRegister;
                if (!atEnd && n + reach > received - 1) break;
                out[fill++] = general(n);
                nextOut++;
                timeRegister += increment;
            }
            if (fill == OUT_BLOCK) {
                sink.accept(out, fill);
                fill = 0;
            }
        }
        if (fill > 0) sink.accept(out, fill);
    }

    /** resampy's {@code resample_f} for one output at time register {@link #timeRegister}, centre sample n. */
    private float general(int n) {
        long nOrig = received;
        double frac = scale * (timeRegister - n);
        double indexFrac = frac * Resampler.TABLE_DENSITY;
        int offset = (int) indexFrac;
        double eta = indexFrac - offset;
        double acc = 0.0;
        int nwin = win.length;
        long iMax = Math.min(n + 1L, (nwin - offset) / indexStep);
        int base = (int) (n - bufStart);
        for (int i = 0; i < iMax; i++) {
            int idx = offset + i * indexStep;
            acc += (win[idx] + eta * delta[idx]) * buf[base - i];
        }
        frac = scale - frac;
        indexFrac = frac * Resampler.TABLE_DENSITY;
        offset = (int) indexFrac;
        eta = indexFrac - offset;
        long kMax = Math.min(nOrig - n - 1, (nwin - offset) / indexStep);
        for (int k = 0; k < kMax; k++) {
            int idx = offset + k * indexStep;
            acc += (win[idx] + eta * delta[idx]) * buf[base + k + 1];
        }
        return (float) acc;
    }
}
