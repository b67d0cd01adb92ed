package org.ctcretrieval.common.hcqt;

import java.util.Objects;
import org.ctcretrieval.common.dsp.Resampler;

/**
 * How an octave's input signal derives from the original recording: a chain of librosa resampling steps
 * ({@code librosa.resample(y, orig, target, res_type, scale=True)}). Two specs with the same chain denote
 * bit-identical signals, which lets harmonics of an HCQT share resampled signals and STFTs.
 *
 * @param parent the signal resampled, or {@code null} for the original recording
 * @param ratio  target rate / original rate of this step (ignored for the root)
 * @param filter resampling filter of this step (ignored for the root)
 */
record SignalSpec(SignalSpec parent, double ratio, Resampler.Filter filter) {
    static final SignalSpec ORIGINAL = new SignalSpec(null, 1.0, null);

    /** This signal resampled by {@code ratio} with {@code filter}, scaled by 1/sqrt(ratio). */
    SignalSpec resampled(double ratio, Resampler.Filter filter) {
        return new SignalSpec(this, ratio, Objects.requireNonNull(filter));
    }

    /** Length of this signal for an original of {@code n} samples: ceil(len·ratio) per step (librosa's fix). */
    long length(long n) {
        if (parent == null) return n;
        return (long) Math.ceil(parent.length(n) * ratio);
    }

    /** Number of resampling steps from the original. */
    int depth() {
        return parent == null ? 0 : 1 + parent.depth();
    }

    /** Computes the signal from its (already computed) parent samples. */
    float[] derive(float[] parentSamples) {
        return Resampler.resample(parentSamples, 1.0, ratio, filter, true);
    }
}
