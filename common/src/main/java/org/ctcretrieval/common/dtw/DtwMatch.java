package org.ctcretrieval.common.dtw;

/**
 * One subsequence-DTW match of a query inside a recording.
 *
 * @param cost       accumulated cost of the optimal warping path divided by the query length (frames); with
 *                   cosine cost per cell it lies in [0, 2] (0 = identical directions)
 * @param startFrame first recording frame of the path (inclusive)
 * @param endFrame   last recording frame of the path (inclusive)
 */
public record DtwMatch(float cost, int startFrame, int endFrame) {

    /** Start of the match in seconds at the given recording frame rate (frame {@code t} starts at t / rate). */
    public double startSeconds(double frameRate) {
        return startFrame / frameRate;
    }

    /** End of the match in seconds: the end of the last matched frame, {@code (endFrame + 1) / rate}. */
    public double endSeconds(double frameRate) {
        return (endFrame + 1) / frameRate;
    }

    /** True if the two matches share at least one recording frame. */
    public boolean overlaps(DtwMatch other) {
        return startFrame <= other.endFrame && other.startFrame <= endFrame;
    }
}
