package org.ctcretrieval.common.hcqt;

/**
 * One octave response of a CQT: STFT of a (resampled) signal with window ones, {@code center=True} and reflect
 * padding, multiplied by the octave's sparse basis; row {@code r} of the basis yields output row
 * {@code firstRow + r} (rows below {@code minRow} are dropped, librosa keeps only the last {@code n_bins} rows),
 * and squared magnitudes are multiplied by {@code inverseLength[r]} (librosa's {@code C /= sqrt(lengths)}).
 */
record Stage(SignalSpec signal, int hop, OctaveBasis basis, int firstRow, int minRow, double[] inverseLength) {

    /** Frames of this response for an original of {@code n} samples: 1 + len//hop (centred, even nFft). */
    long frames(long n) {
        return 1 + signal.length(n) / hop;
    }

    /** Key of the STFT this stage needs; stages with equal keys share it. */
    StftKey stftKey() {
        return new StftKey(signal, basis.nFft, hop);
    }

    /** Identifies one STFT: signal, FFT length and hop. */
    record StftKey(SignalSpec signal, int nFft, int hop) {
    }
}
