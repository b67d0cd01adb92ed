package org.ctcretrieval.common.hcqt;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HcqtTest {
    static final double SR = Hcqt.SAMPLE_RATE;

    static float[] tones(double seconds, double... freqs) {
        float[] y = new float[(int) (seconds * SR)];
        for (int i = 0; i < y.length; i++) {
            double v = 0;
            for (double f : freqs) v += Math.sin(2 * Math.PI * f * i / SR);
            y[i] = (float) (0.3 * v);
        }
        return y;
    }

    /** A tone at f peaks in harmonic h at bin 36·log2(f/(32.7·h)), for every harmonic whose range holds it. */
    @Test
    void pureTonesLandInTheirBinForEveryHarmonic() {
        Hcqt hcqt = new Hcqt(2);
        for (double f : new double[] {110, 440, 1318.5}) {
            float[][][] m = hcqt.magnitudes(tones(2, f));
            int frame = m[0][0].length / 2;
            for (int h = 0; h < Hcqt.HARMONICS.length; h++) {
                double expected = 36 * Math.log(f / (Hcqt.FMIN * Hcqt.HARMONICS[h])) / Math.log(2);
                if (expected < 0 || expected > 215) continue;
                int best = 0;
                for (int b = 1; b < Hcqt.BINS; b++) if (m[h][b][frame] > m[h][best][frame]) best = b;
                assertEquals(Math.round(expected), best, "tone " + f + " Hz, harmonic " + Hcqt.HARMONICS[h]);
            }
        }
    }

    /** The streaming reduction equals the features computed from the full-rate HCQT by the definitions. */
    @Test
    void featuresEqualDefinitionAppliedToFullHcqt() {
        Random rnd = new Random(5);
        float[] y = tones(3, 261.6, 329.6, 392.0);
        for (int i = 0; i < y.length; i++) y[i] += (float) (0.01 * rnd.nextGaussian());
        Arrays.fill(y, 30000, 36000, 0f); // some quiet frames
        Hcqt hcqt = new Hcqt(2);
        float[][][] m = hcqt.magnitudes(y);
        HcqtFeatures feat = hcqt.features(y);
        int n = m[0][0].length;
        assertEquals(n, feat.hopFrames());
        int[] bounds = FrameGrid.boundaries(n, SR, 256, 25);
        assertArrayEquals(bounds, feat.frameBoundaries());
        double ref = 0;
        for (float[][] hm : m) for (float[] row : hm) for (float v : row) ref = Math.max(ref, v);
        assertEquals(ref, feat.referenceMagnitude(), ref * 1e-6);
        float[][][] input = feat.networkInput();
        assertEquals(bounds.length - 1, input.length);
        float[] flat = feat.networkInputFlat();
        assertEquals(input.length * 216 * 6, flat.length);
        for (int t = 0; t < input.length; t++) {
            for (int b = 0; b < 216; b++) for (int h = 0; h < 6; h++) assertEquals(input[t][b][h], flat[(t * 216 + b) * 6 + h]);
        }
        double refDb = 20 * Math.log10(Math.max(1e-5, ref));
        for (int t = 0; t < input.length; t++) {
            for (int h = 0; h < 6; h++) {
                double[] med = new double[216];
                double ss = 0;
                for (int b = 0; b < 216; b++) {
                    int len = bounds[t + 1] - bounds[t];
                    double[] v = new double[len];
                    for (int j = 0; j < len; j++) {
                        double db = Math.max(20 * Math.log10(Math.max(1e-5, m[h][b][bounds[t] + j])) - refDb, -80);
                        v[j] = db / 80 + 1;
                    }
                    Arrays.sort(v);
                    med[b] = len % 2 == 1 ? v[len / 2] : (v[len / 2 - 1] + v[len / 2]) / 2;
                    ss += med[b] * med[b];
                }
                for (int b = 0; b < 216; b++) {
                    double expected = ss == 0 ? 1 / Math.sqrt(216) : med[b] / Math.sqrt(ss);
                    assertEquals(expected, input[t][b][h], 1e-6, "frame " + t + " bin " + b + " h " + h);
                }
                if (h == Hcqt.FUNDAMENTAL) {
                    float[] db = feat.decibels(h)[t];
                    for (int b = 0; b < 216; b++) assertEquals(80 * (med[b] - 1), db[b], 1e-4);
                }
            }
        }
    }

    @Test
    void silenceGivesUniformVectors() {
        float[] y = new float[22050];
        float[][][] input = new Hcqt(1).features(y).networkInput();
        for (float[][] frame : input) for (float[] bin : frame) for (float v : bin) assertEquals(1 / Math.sqrt(216), v, 1e-7);
    }

    @Test
    void harmonicsShareSignalsAndStfts() {
        Hcqt hcqt = new Hcqt(1);
        assertEquals(36, hcqt.stages().size());
        java.util.Set<Stage.StftKey> stfts = new java.util.HashSet<>();
        java.util.Set<SignalSpec> signals = new java.util.HashSet<>();
        for (Stage s : hcqt.stages()) {
            stfts.add(s.stftKey());
            signals.add(s.signal());
        }
        // 22050 Hz chain 22050/2^k (k = 0..6) serves h = 1..5; h = 0.5 has its own chain from 5512.5 Hz (6 rates)
        assertEquals(13, signals.size());
        assertEquals(20, stfts.size());
    }

    @Test
    void veryShortSignals() {
        Hcqt hcqt = new Hcqt(1);
        float[] y = tones(100 / SR, 440);
        HcqtFeatures f = hcqt.features(y); // 100 samples: every octave still has samples left (librosa accepts it)
        assertEquals(1, f.hopFrames());
        assertEquals(1, f.length());
        assertEquals(1, hcqt.magnitudes(y)[0][0].length);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> hcqt.features(new float[64])); // the 6th halving of the h = 0.5 chain would be empty
        assertEquals(1, hcqt.features(new float[65]).length());
        float[] bad = tones(0.5, 440);
        bad[100] = Float.NaN;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> hcqt.features(bad));
    }

    @Test
    void threadCountDoesNotChangeResult() {
        float[] y = tones(1.5, 200, 3000);
        float[][][] a = new Hcqt(1).features(y).networkInput();
        float[][][] b = new Hcqt(2).features(y).networkInput();
        for (int t = 0; t < a.length; t++) for (int k = 0; k < 216; k++) assertArrayEquals(a[t][k], b[t][k]);
    }

    /** HCQT features of 60 s of synthetic audio; prints the speed (target: 200× real time on 2 cores). */
    @Test
    void speedOnOneMinute() {
        Random rnd = new Random(1);
        float[] y = tones(60, 220, 330, 440);
        for (int i = 0; i < y.length; i++) y[i] += (float) (0.05 * rnd.nextGaussian());
        Hcqt hcqt = new Hcqt();
        hcqt.features(Arrays.copyOf(y, 22050 * 5)); // warm-up
        long t0 = System.nanoTime();
        HcqtFeatures f = hcqt.features(y);
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "HCQT features of 60 s: %.3f s wall (%.0fx real time), %d frames%n", sec, 60 / sec,
                f.length());
        assertEquals(1500, f.length(), 1);
        assertTrue(sec < 60, "slower than real time: " + sec + " s");
    }
}
