package org.ctcretrieval.common.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ctcretrieval.common.dsp.Resampler.Filter;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** scipy.special.i0 values. */
    @Test
    void besselI0MatchesReferenceValues() {
        assertEquals(1.0, Bessel.i0(0.0), 0.0);
        assertEquals(1.2660658777520082, Bessel.i0(1.0), 1e-15);
        assertEquals(27.239871823604442, Bessel.i0(5.0), 27.24 * 1e-15);
        assertEquals(2815.716628466254, Bessel.i0(10.0), 2815.7 * 1e-15);
        assertEquals(271903.6406814566, Bessel.i0(14.769656459379492), 271903.6 * 1e-14);
    }

    @Test
    void tableHasResampyShape() {
        for (Filter f : Filter.values()) {
            double[] t = f.table();
            assertEquals(512 * f.zeroCrossings() + 1, t.length);
            assertEquals(f.rolloff(), t[0], 1e-15, "centre tap = rolloff");
            // zero crossings of rolloff·sinc(rolloff·x) at x = k/rolloff; table entries at m/512 crossings
            assertEquals(0.0, f.value(1.0 / f.rolloff()), 1e-15);
            for (int m = 0; m < t.length; m += 97) assertEquals(f.value(m / 512.0), t[m], 1e-14);
        }
    }

    /**
     * Independent slow definition: every output at input time τ = t/ratio is Σ_n x[n]·g·w(|τ−n|·scale) with the
     * continuous Kaiser-windowed sinc w evaluated exactly (no table), scale = min(1, ratio), g = scale. The support
     * is resampy's: its wing loops stop one table step (scale zero crossings) before the end of the table, i.e. taps
     * at d ≤ Z − scale + 1/512 zero crossings.
     */
    static double[] slowResample(float[] x, double ratio, Filter f, int nOut) {
        double scale = Math.min(1.0, ratio);
        double[] y = new double[nOut];
        double reg = 0;
        for (int t = 0; t < nOut; t++) {
            double acc = 0;
            for (int n = 0; n < x.length; n++) {
                double d = Math.abs(reg - n) * scale;
                if (d <= f.zeroCrossings() - scale + 1.0 / 512 + 1e-12) acc += scale * f.value(d) * x[n];
            }
            y[t] = acc;
            reg += 1.0 / ratio;
        }
        return y;
    }

    @Test
    void matchesSlowWindowedSincDefinition() {
        Random rnd = new Random(7);
        float[] x = new float[3000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        double[][] rates = {{2, 1}, {4, 1}, {22050, 5512.5}, {4, 3}, {2, 3}, {1, 2}, {44100, 22050}};
        for (Filter f : Filter.values()) {
            for (double[] r : rates) {
                float[] fast = Resampler.resampy(x, r[0], r[1], f);
                double[] slow = slowResample(x, r[1] / r[0], f, fast.length);
                double maxErr = 0;
                for (int i = 0; i < fast.length; i++) maxErr = Math.max(maxErr, Math.abs(fast[i] - slow[i]));
                // measured: <= 6e-8 (float32 output rounding) where table positions fall on entries, 2.9e-6 for
                // 2->3 where the linear interpolation of the 512-entries-per-crossing table is exercised
                assertTrue(maxErr < 1e-5, f + " " + r[0] + "->" + r[1] + ": max error " + maxErr);
            }
        }
    }

    @Test
    void lengthFixAndScaleFollowLibrosa() {
        float[] x = new float[1001];
        x[500] = 1;
        assertEquals(500, Resampler.resampy(x, 2, 1, Filter.KAISER_FAST).length);      // int(1001·0.5)
        float[] fixed = Resampler.resample(x, 2, 1, Filter.KAISER_FAST);
        assertEquals(501, fixed.length);                                                   // ceil(1001·0.5)
        assertEquals(0f, fixed[500]);                                                      // zero padded
        float[] scaled = Resampler.resample(x, 2, 1, Filter.KAISER_FAST, true);
        for (int i = 0; i < fixed.length; i++) assertEquals(fixed[i] / (float) Math.sqrt(0.5), scaled[i], 0f);
        assertArrayEquals(x, Resampler.resample(x, 22050, 22050, Filter.KAISER_BEST));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[1], 4, 1, Filter.KAISER_FAST));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(x, 0, 1, Filter.KAISER_FAST));
    }

    @Test
    void toneBelowCutoffIsPreservedAndToneAboveNyquistRemoved() {
        double sr = 22050;
        int n = 22050;
        for (Filter f : Filter.values()) {
            float[] low = tone(1000, sr, n);
            float[] y = Resampler.resample(low, sr, 11025, f);
            double maxErr = 0;
            for (int t = 1000; t < y.length - 1000; t++) {
                maxErr = Math.max(maxErr, Math.abs(y[t] - Math.sin(2 * Math.PI * 1000 * t / 11025.0)));
            }
            assertTrue(maxErr < 2e-3, f + " passband error " + maxErr);

            float[] high = tone(8000, sr, n); // above the new Nyquist (5512.5 Hz)
            float[] z = Resampler.resample(high, sr, 11025, f);
            double peak = 0;
            for (int t = 1000; t < z.length - 1000; t++) peak = Math.max(peak, Math.abs(z[t]));
            assertTrue(peak < 1e-3, f + " stopband leak " + peak);
        }
        // upsampling keeps the tone as well
        float[] up = Resampler.resample(tone(1000, 11025, 11025), 11025, 22050, Filter.KAISER_BEST);
        double maxErr = 0;
        for (int t = 2000; t < up.length - 2000; t++) {
            maxErr = Math.max(maxErr, Math.abs(up[t] - Math.sin(2 * Math.PI * 1000 * t / 22050.0)));
        }
        assertTrue(maxErr < 2e-3, "upsampling error " + maxErr);
    }

    @Test
    void parallelBlocksEqualSingleBlockResult() {
        Random rnd = new Random(3);
        float[] x = new float[200_000];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        float[] whole = Resampler.resampy(x, 48000, 22050, Filter.KAISER_FAST);
        float[] head = Resampler.resampy(java.util.Arrays.copyOf(x, 20_000), 48000, 22050, Filter.KAISER_FAST);
        // the first outputs only depend on the first inputs (away from the truncated end)
        for (int i = 0; i < head.length - 200; i++) assertEquals(head[i], whole[i], 0f);
    }

    static float[] tone(double freq, double sr, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) Math.sin(2 * Math.PI * freq * i / sr);
        return x;
    }
}
