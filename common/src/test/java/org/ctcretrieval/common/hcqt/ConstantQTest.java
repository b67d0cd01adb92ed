package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConstantQTest {
    static final double SR = 22050;

    /** Broadband test signal: white noise plus a few tones, 5 s. */
    static float[] testSignal() {
        Random rnd = new Random(11);
        float[] y = new float[(int) (5 * SR)];
        for (int i = 0; i < y.length; i++) {
            double t = i / SR;
            y[i] = (float) (0.1 * rnd.nextGaussian() + 0.3 * Math.sin(2 * Math.PI * 220 * t)
                    + 0.2 * Math.sin(2 * Math.PI * 1234.5 * t) + 0.1 * Math.sin(2 * Math.PI * 55 * t));
        }
        return y;
    }

    /**
     * The recursive multirate path (early downsampling, kaiser_fast octave halving, kaiser_best top octave for
     * h = 5, sparse basis) against the direct definition at the original rate on interior frames, for the three
     * resampling regimes of the HCQT (h = 0.5: ×4 early downsampling; h = 1: ×2; h = 5: top octave at full rate).
     *
     * <p>Measured (errors relative to the largest magnitude; "L2" = ‖fast − direct‖/‖direct‖):
     * sparsity 0.01: max 0.48 % / L2 0.47 % (h=0.5), 0.48 % / 0.46 % (h=1), 0.45 % / 0.43 % (h=5);
     * sparsity 0:    max 0.28 % / L2 0.24 %, 0.24 % / 0.21 %, 0.14 % / 0.13 %.
     * The remainder without sparsification comes from the multirate design itself: a lower octave's filter has
     * ceil(L_top) samples at the reduced rate, so its window differs from the full-rate window by up to one
     * reduced-rate sample in length (≈ 1/300 relative), plus the resampler's passband ripple. Sparsification
     * drops ≤ 1 % of each filter's spectral L1 mass, hence ≤ 1 % of the peak response. Bounds asserted: 1 % with
     * sparsity 0.01 and 0.5 % without.
     */
    @Test
    void multirateMatchesDirectDefinition() {
        float[] y = testSignal();
        int[] frames = new int[12];
        for (int i = 0; i < frames.length; i++) frames[i] = 150 + 17 * i; // 1.7 s .. 3.6 s: away from the ends
        for (double sparsity : new double[] {ConstantQ.SPARSITY, 0}) {
            double bound = sparsity > 0 ? 0.01 : 0.005;
            for (double h : new double[] {0.5, 1, 5}) {
                ConstantQ cqt = new ConstantQ(SR, 256, 32.7 * h, 216, 36, 0, sparsity);
                float[][] fast = cqt.magnitude(y, 2);
                double[][] slow = DirectCqt.magnitude(y, SR, 256, 32.7 * h, 216, 36, frames);
                double maxRef = 0;
                double maxErr = 0;
                double num = 0;
                double den = 0;
                for (int k = 0; k < 216; k++) {
                    for (int f = 0; f < frames.length; f++) {
                        double a = fast[k][frames[f]];
                        double b = slow[k][f];
                        maxRef = Math.max(maxRef, b);
                        maxErr = Math.max(maxErr, Math.abs(a - b));
                        num += (a - b) * (a - b);
                        den += b * b;
                    }
                }
                String what = "h=" + h + " sparsity=" + sparsity;
                assertTrue(maxErr / maxRef < bound, what + ": max error " + maxErr / maxRef);
                assertTrue(Math.sqrt(num / den) < bound, what + ": relative L2 error " + Math.sqrt(num / den));
            }
        }
    }

    @Test
    void planFollowsLibrosaResamplingChoices() {
        // h = 5: cutoff 10414 Hz > 0.85·11025 Hz -> kaiser_best, top octave at full rate, no early downsampling
        ConstantQ h5 = new ConstantQ(SR, 256, 32.7 * 5, 216, 36);
        assertTrue(h5.topOctaveAtFullRate());
        assertEquals(SR, h5.scaleRate());
        assertEquals(256, h5.stages().get(0).basis().nFft);
        assertEquals(512, h5.stages().get(1).basis().nFft);
        assertEquals(h5.stages().get(0).signal(), h5.stages().get(1).signal());
        // h = 1: early downsampling by 2, h = 0.5: by 4, both with n_fft 1024
        ConstantQ h1 = new ConstantQ(SR, 256, 32.7, 216, 36);
        assertFalse(h1.topOctaveAtFullRate());
        assertEquals(SR / 2, h1.scaleRate());
        assertEquals(128, h1.stages().get(0).hop());
        assertEquals(1024, h1.stages().get(0).basis().nFft);
        ConstantQ h05 = new ConstantQ(SR, 256, 32.7 / 2, 216, 36);
        assertEquals(SR / 4, h05.scaleRate());
        assertEquals(64, h05.stages().get(0).hop());
        assertEquals(2, h05.stages().get(5).hop());
        // h = 3: no early downsampling, n_fft 512
        ConstantQ h3 = new ConstantQ(SR, 256, 32.7 * 3, 216, 36);
        assertEquals(SR, h3.scaleRate());
        assertEquals(512, h3.stages().get(0).basis().nFft);
        assertEquals(6, h3.stages().size());
        // frames: 1 + len // hop
        assertEquals(431, h05.frameCount(110250));
        assertEquals(431, h5.frameCount(110250));
        assertEquals(431, h05.magnitude(testSignal())[0].length);
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConstantQ(SR, 256, 32.7 * 6, 216, 36)); // > Nyquist
        assertThrows(IllegalArgumentException.class, () -> new ConstantQ(SR, 100, 32.7, 216, 36));     // hop
        ConstantQ cqt = new ConstantQ(SR, 256, 32.7 / 2, 216, 36);
        assertThrows(IllegalArgumentException.class, () -> cqt.magnitude(new float[3]));
    }

    @Test
    void reflectPaddingIsNumpyReflect() {
        // np.pad([0,1,2,3], 6, mode='reflect') = [0 1 2 3 2 1 0 1 2 3 2 1 0 1 2 3]
        int[] expect = {0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3};
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], CqtRunner.reflect(i - 6, 4));
        assertEquals(0, CqtRunner.reflect(-5, 1));
    }
}
