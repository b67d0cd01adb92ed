package org.ctcretrieval.common.hcqt;

/**
 * A stretch of a signal as the STFT reads it: {@code x[i]} is sample {@code start + i} of a signal of
 * {@code length} samples, which is extended beyond its ends by numpy's 'reflect' padding.
 */
record SignalStretch(float[] x, int start, int length) {
    SignalStretch(float[] x, long start, long length) {
        this(x, (int) start, (int) length);
    }

    /** Whether samples {@code from … to − 1} all lie inside the signal (no reflection). */
    boolean inside(int from, int to) {
        return from >= 0 && to <= length;
    }

    /** Sample {@code i} of the padded signal, for any i. */
    float at(int i) {
        return x[CqtRunner.reflect(i, length) - start];
    }
}
