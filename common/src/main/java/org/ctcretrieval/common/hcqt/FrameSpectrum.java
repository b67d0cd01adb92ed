package org.ctcretrieval.common.hcqt;

import java.util.List;

/**
 * The STFT of one signal stretch as the CQT needs it: frame t's spectrum (window ones, centred, numpy 'reflect'
 * padding at the signal's ends) over the bins the octave bases use, rounded to float as librosa's complex64.
 * Frames are best requested in increasing order (a {@link SlidingSpectrum} steps from one to the next).
 */
interface FrameSpectrum {
    /**
     * Bins lo..hi of frame t into lane {@code lane} of {@code re, im}: bin k at {@code [k][lane]} (the layout of
     * {@link CqtRunner.BlockProducts}).
     */
    void compute(int t, double[][] re, double[][] im, int lane);

    /**
     * The spectrum of the frames of {@code key}: sliding where the hop is short against the FFT length, by one FFT
     * per frame otherwise.
     *
     * @param x      a stretch of the signal: {@code x[i]} is sample {@code xStart + i}; it must hold every sample
     *               that frames {@link #firstFrameRead} … read (after reflection at the signal's ends)
     * @param length length of the whole signal
     */
    static FrameSpectrum of(float[] x, long xStart, long length, Stage.StftKey key, List<Stage> stages) {
        SignalStretch signal = new SignalStretch(x, xStart, length);
        FftSpectrum fft = new FftSpectrum(signal, key, stages);
        return SlidingSpectrum.pays(key) ? new SlidingSpectrum(fft, signal, key, stages) : fft;
    }

    /** The first frame whose samples computing frames {@code f0 …} of {@code key} reads. */
    static int firstFrameRead(Stage.StftKey key, int f0) {
        return SlidingSpectrum.pays(key) ? SlidingSpectrum.anchor(f0) : f0;
    }
}
