/**
 * Constant-Q and harmonic constant-Q transforms with librosa 0.7.2 semantics, and the 25 Hz input features of the
 * ctc_chroma network.
 *
 * <ul>
 * <li>{@link org.ctcretrieval.common.hcqt.ConstantQ}: {@code |librosa.cqt|} (multirate, sparse FFT basis);</li>
 * <li>{@link org.ctcretrieval.common.hcqt.Hcqt}: the six-harmonic HCQT of ctc_chroma, computed with shared
 * resampled signals and STFTs;</li>
 * <li>{@link org.ctcretrieval.common.hcqt.HcqtFeatures}: dB scaling, 25 Hz medians and per-harmonic L2
 * normalisation ({@code [T][216][6]} network input), plus dB and magnitude views;</li>
 * <li>{@link org.ctcretrieval.common.hcqt.FrameGrid}: which hop frames form each 25 Hz frame;</li>
 * <li>{@link org.ctcretrieval.common.hcqt.HcqtStream}: the HCQT of a signal given block by block, in chunks of
 * 25 Hz frames on worker threads, bit-identical to the whole-signal computation ({@link
 * org.ctcretrieval.common.hcqt.ReducedBlock}s out);</li>
 * <li>{@link org.ctcretrieval.common.hcqt.HcqtFeatureStore}: the network input of a recording of any length (reduced
 * HCQT in memory or in a temporary file until the dB reference is known);</li>
 * <li>{@link org.ctcretrieval.common.hcqt.AudioHcqt}: file to HCQT in bounded memory (streamed decoding and
 * resampling).</li>
 * </ul>
 *
 * <p>Accuracy: against a numpy implementation of librosa's algorithm, magnitudes agree to 1.4e-6 relative; the
 * multirate algorithm itself deviates from the direct definition of the transform by about 0.5 % of the peak
 * magnitude (see {@code ConstantQTest}).
 */
package org.ctcretrieval.common.hcqt;
