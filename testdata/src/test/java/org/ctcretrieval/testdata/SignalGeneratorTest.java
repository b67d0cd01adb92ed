package org.ctcretrieval.testdata;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Spectral content of the generated signals, measured with a direct DFT: for a whole number of periods the
 * magnitude at a component's frequency is amplitude/2 and zero at other harmonics of 1 Hz (tolerance 1e-4,
 * float32 rounding).
 */
class SignalGeneratorTest {
    static final int SR = 22050;

    /** |DFT(x)(f)| * 2 / N: the peak amplitude of a sinusoid at f in x. */
    static double amplitudeAt(float[] x, double f) {
        double re = 0, im = 0;
        for (int n = 0; n < x.length; n++) {
            double ph = 2 * Math.PI * f * n / SR;
            re += x[n] * Math.cos(ph);
            im -= x[n] * Math.sin(ph);
        }
        return 2 * Math.hypot(re, im) / x.length;
    }

    @Test
    void sineHasItsFrequencyAmplitudeAndLength() {
        float[] x = SignalGenerator.sine(441, 0.5, 1.0, SR);
        assertEquals(SR, x.length);
        assertEquals(0.5, amplitudeAt(x, 441), 1e-4);
        assertEquals(0.0, amplitudeAt(x, 440), 1e-4);
        assertEquals(0f, x[0]);
        assertEquals(0.5 * Math.sin(2 * Math.PI * 441 * 100 / SR), x[100], 1e-7);
        assertEquals(1103, SignalGenerator.sampleCount(0.05, SR), "round(0.05 * 22050) = round(1102.5)");
    }

    @Test
    void harmonicToneHasThePartialAmplitudesAndDropsPartialsAboveNyquist() {
        double[] partials = {0.4, 0.2, 0.1, 0.05};
        float[] x = SignalGenerator.harmonicTone(3000, partials, 1.0, SR); // 4th partial 12 kHz > Nyquist
        assertEquals(0.4, amplitudeAt(x, 3000), 1e-4);
        assertEquals(0.2, amplitudeAt(x, 6000), 1e-4);
        assertEquals(0.1, amplitudeAt(x, 9000), 1e-4);
        // 12 kHz would alias to 22050 - 12000 = 10050 Hz
        assertEquals(0.0, amplitudeAt(x, 10050), 1e-4);
    }

    @Test
    void chordContainsEachPitch() {
        int[] cMajor = {60, 64, 67};
        float[] x = SignalGenerator.chord(cMajor, new double[] {0.2, 0.1}, 1.0, SR);
        for (int p : cMajor) {
            double f = SignalGenerator.midiToHz(p);
            // not an integer number of periods: allow leakage
            assertEquals(0.2, amplitudeAt(x, f), 0.01, "fundamental of " + p);
            assertEquals(0.1, amplitudeAt(x, 2 * f), 0.01, "2nd partial of " + p);
        }
        assertEquals(0.0, amplitudeAt(x, SignalGenerator.midiToHz(62)), 0.01, "D is absent");
        assertEquals(440.0, SignalGenerator.midiToHz(69), 1e-12);
        assertEquals(261.6255653005986, SignalGenerator.midiToHz(60), 1e-9);
    }

    @Test
    void silenceIsZeros() {
        float[] x = SignalGenerator.silence(0.5, SR);
        assertEquals(11025, x.length);
        for (float v : x) assertEquals(0f, v);
    }

    @Test
    void whiteNoiseIsReproducibleUniformAndFlat() {
        float[] a = SignalGenerator.whiteNoise(0.5, 2.0, SR, 42);
        assertArrayEquals(a, SignalGenerator.whiteNoise(0.5, 2.0, SR, 42), "same seed, same noise");
        assertFalse(java.util.Arrays.equals(a, SignalGenerator.whiteNoise(0.5, 2.0, SR, 43)));
        double sum = 0, sq = 0;
        float max = 0;
        for (float v : a) {
            sum += v;
            sq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 0.5f);
        assertEquals(0.0, sum / a.length, 0.01, "zero mean");
        assertEquals(0.5 / Math.sqrt(3), Math.sqrt(sq / a.length), 0.005, "RMS of uniform noise");
        // flat spectrum: no single frequency stands out (expected amplitude ~ 2*RMS/sqrt(N) = 0.002)
        for (double f : new double[] {100, 1000, 5000, 10000}) assertTrue(amplitudeAt(a, f) < 0.01);
    }

    @Test
    void fadesAndConcat() {
        float[] x = SignalGenerator.fadeInOut(SignalGenerator.sine(441, 0.5, Math.PI / 2, 0.1, SR), 0.01, SR);
        assertEquals(0f, x[0]);
        assertEquals(0.5f, x[x.length / 2] / (float) Math.sin(2 * Math.PI * 441 * (x.length / 2) / SR
                + Math.PI / 2), 1e-4f);
        float[] c = SignalGenerator.concat(new float[] {1, 2}, new float[0], new float[] {3});
        assertArrayEquals(new float[] {1, 2, 3}, c);
    }
}
