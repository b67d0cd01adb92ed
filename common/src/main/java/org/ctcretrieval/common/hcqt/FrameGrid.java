package org.ctcretrieval.common.hcqt;

import java.util.Arrays;

/**
 * Which hop frames of the HCQT form each feature frame, exactly as ctc_chroma's {@code median_bin_salience}
 * chooses them (with librosa 0.7.2 {@code frames_to_time}, numpy {@code arange}/{@code searchsorted} and
 * {@code util.sync(pad=False)}).
 *
 * <p>Hop frame {@code j} sits at {@code t_j = j·hop/sr} seconds (j = 0..n−1). Feature frame times are
 * {@code u_i = i·(1/rate)} for {@code i = 0 … ceil((t_{n−1} + 2^−52)/(1/rate)) − 1} (numpy arange, end exclusive,
 * machine epsilon added so the last hop time can be included). Boundary {@code b_i} is the first hop frame with
 * {@code t_j ≥ u_i} (searchsorted, side left), and {@code n} is appended; duplicates are removed. Feature frame
 * {@code i} aggregates hop frames {@code [b_i, b_{i+1})}. At 22050 Hz, hop 256 and 25 Hz, {@code b_i =
 * ceil(i·3.4453125)} (up to floating-point ties, which this class evaluates with the original double arithmetic),
 * so frames alternate between 3 and 4 hop frames (0–3, 4–6, 7–10, 11–13, …) and the last frame takes whatever hop
 * frames remain.
 */
public final class FrameGrid {
    private FrameGrid() {
    }

    /**
     * @param nHopFrames number of hop frames (≥ 1)
     * @param sr         sample rate, Hz
     * @param hop        hop length, samples
     * @param frameRate  feature frame rate, Hz
     * @return strictly increasing boundaries {@code b_0 = 0 < b_1 < … < b_T = nHopFrames}; T = length − 1 frames
     */
    public static int[] boundaries(int nHopFrames, double sr, int hop, double frameRate) {
        if (nHopFrames < 1) throw new IllegalArgumentException("no frames");
        double step = 1.0 / frameRate;
        double last = hopTime(nHopFrames - 1, sr, hop);
        double stop = last + Math.ulp(1.0);
        int nNew = (int) Math.ceil((stop - 0.0) / step);
        int[] idx = new int[nNew + 1];
        int j = 0;
        for (int i = 0; i < nNew; i++) {
            double u = 0.0 + i * step;
            while (j < nHopFrames && hopTime(j, sr, hop) < u) j++;
            idx[i] = j;
        }
        idx[nNew] = nHopFrames;
        // clip to [0, n] and unique (already sorted)
        int[] out = new int[idx.length];
        int m = 0;
        for (int v : idx) {
            int c = Math.min(Math.max(v, 0), nHopFrames);
            if (m == 0 || out[m - 1] != c) out[m++] = c;
        }
        return Arrays.copyOf(out, m);
    }

    /** librosa {@code frames_to_time}: (j·hop)/sr. */
    static double hopTime(int j, double sr, int hop) {
        return (double) ((long) j * hop) / sr;
    }
}
