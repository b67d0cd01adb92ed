package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sliding spectrum equals the FFT of every frame to float32 precision (the precision the STFT is stored in),
 * at the signal's ends too, and its frames depend only on the frame index, not on where the computation started.
 */
class SlidingSpectrumTest {
    /** The STFT groups of the HCQT that slide. */
    private static Map<Stage.StftKey, List<Stage>> slidingGroups() {
        Map<Stage.StftKey, List<Stage>> groups = new LinkedHashMap<>();
        for (Stage s : new Hcqt(1).stages()) {
            if (SlidingSpectrum.pays(s.stftKey())) groups.computeIfAbsent(s.stftKey(), k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    @Test
    void framesMatchTheFftOfEachFrame() {
        Map<Stage.StftKey, List<Stage>> groups = slidingGroups();
        assertTrue(groups.size() >= 9, "the low octaves slide: " + groups.keySet());
        for (var e : groups.entrySet()) {
            Stage.StftKey key = e.getKey();
            // short enough that the first and last frames reflect at the ends, long enough for several anchors
            int frames = 3 * SlidingSpectrum.ANCHOR_INTERVAL + 17;
            int len = (frames - 1) * key.hop();
            float[] x = ConstantQGoldenTest.signal(len);
            FftSpectrum fft = new FftSpectrum(new SignalStretch(x, 0, len), key, e.getValue());
            FrameSpectrum sliding = FrameSpectrum.of(x, 0, len, key, e.getValue());
            assertTrue(sliding instanceof SlidingSpectrum);
            double[] a = new double[key.nFft() + 2];
            double[] b = new double[key.nFft() + 2];
            double worst = 0;
            for (int t = 0; t < frames; t++) {
                frame(fft, t, a);
                frame(sliding, t, b);
                double peak = 0;
                for (double v : a) peak = Math.max(peak, Math.abs(v));
                assertTrue(peak > 0, "frame " + t + " is silent");
                for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / peak);
            }
            // one float32 rounding step of the frame's largest value at most (2^-24 = 6e-8)
            assertTrue(worst <= 0x1p-24, key + ": worst difference " + worst + " of the frame's peak");
        }
    }

    @Test
    void framesDependOnlyOnTheFrameIndex() {
        for (var e : slidingGroups().entrySet()) {
            Stage.StftKey key = e.getKey();
            int frames = 2 * SlidingSpectrum.ANCHOR_INTERVAL + 30;
            int len = (frames + 1) * key.hop();
            float[] x = HcqtStreamTest.signal(len, 5);
            FrameSpectrum whole = FrameSpectrum.of(x, 0, len, key, e.getValue());
            double[] a = new double[key.nFft() + 2];
            double[] b = new double[key.nFft() + 2];
            for (int start : new int[] {1, SlidingSpectrum.ANCHOR_INTERVAL - 1, SlidingSpectrum.ANCHOR_INTERVAL + 5}) {
                FrameSpectrum part = FrameSpectrum.of(x, 0, len, key, e.getValue());
                for (int t = start; t < frames; t++) {
                    frame(whole, t, a);
                    frame(part, t, b);
                    assertArrayEquals(a, b, 0.0, key + " frame " + t + " from " + start);
                }
                // a jump back re-anchors
                frame(whole, start, a);
                frame(part, start, b);
                assertArrayEquals(a, b, 0.0, key + " frame " + start + " again");
            }
        }
    }

    /** Frame t of {@code spectrum} interleaved (re, im) at {@code 2k, 2k + 1} (zeros outside the bins it computes). */
    static void frame(FrameSpectrum spectrum, int t, double[] out) {
        int bins = out.length / 2;
        double[][] re = new double[bins][1];
        double[][] im = new double[bins][1];
        spectrum.compute(t, re, im, 0);
        for (int k = 0; k < bins; k++) {
            out[2 * k] = re[k][0];
            out[2 * k + 1] = im[k][0];
        }
    }
}
