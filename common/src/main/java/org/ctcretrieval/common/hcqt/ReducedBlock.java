package org.ctcretrieval.common.hcqt;

/**
 * Consecutive 25 Hz feature frames of an HCQT (or of one of its CQTs), reduced to the two middle hop-frame powers
 * of every row: what the network input, the dB views and the classic chroma are computed from. For a frame of an
 * odd number of hop frames, both values are the median.
 *
 * @param firstFrame index of the first feature frame in the recording
 * @param frames     number of feature frames
 * @param rows       rows per frame (1296 for the HCQT: harmonic-major, 216 bins each; 216 for one CQT)
 * @param lower      lower middle power (squared magnitude) of frame {@code f} and row {@code r} at
 *                   {@code f·rows + r} (f relative to {@code firstFrame})
 * @param upper      upper middle power, same layout
 * @param maxPower   the largest hop-frame power in these frames (not only the middle ones)
 */
public record ReducedBlock(int firstFrame, int frames, int rows, float[] lower, float[] upper, float maxPower) {
    /** Median magnitude of {@code frame} (relative) and {@code row}: mean of the two middle magnitudes. */
    public float medianMagnitude(int frame, int row) {
        int idx = frame * rows + row;
        return (float) ((Math.sqrt(lower[idx]) + Math.sqrt(upper[idx])) / 2);
    }
}
