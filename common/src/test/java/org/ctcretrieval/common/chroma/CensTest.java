package org.ctcretrieval.common.chroma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.junit.jupiter.api.Test;

class CensTest {

    /**
     * Golden values computed with numpy/scipy following libfmp: normalize_feature_sequence(norm='1'), quantisation
     * (0.05, 0.1, 0.2, 0.4), scipy.signal.convolve(mode='same') with get_window('hann', 41) / 41, [::10],
     * normalize_feature_sequence(norm='2'). Input X[k][n] = (1 + sin(0.3n + k))², frame 5 silent, 37 frames.
     */
    @Test
    void matchesLibfmpComputation() {
        float[][] x = new float[37][12];
        for (int n = 0; n < 37; n++) {
            for (int k = 0; k < 12; k++) x[n][k] = n == 5 ? 0 : (float) Math.pow(1 + Math.sin(0.3 * n + k), 2);
        }
        double[][] expected = {
            {0.4153197043901702, 0.38956706821474724, 0.20451405726579647, 0.11014035270495666, 0.182042320775594,
                0.28587184253811143, 0.3819501115845847, 0.41984720906885126, 0.26918711518339394,
                0.1403261051809294, 0.14533141170017627, 0.2673875912975133},
            {0.30831599253502734, 0.2865126268096136, 0.23470715531126127, 0.2628683859650218, 0.307905813028237,
                0.319594186853628, 0.30947253822393556, 0.2983780111475173, 0.24571971993422806,
                0.2600288232732603, 0.28275775969200734, 0.33010647153583106},
            {0.2959132068317153, 0.3021169103481955, 0.2675935174376553, 0.2912727519108542, 0.2890859228416656,
                0.28637071913334117, 0.29511635252951995, 0.3011126503878796, 0.2680901173339856,
                0.2920512225521039, 0.2765705377083832, 0.2961685342387228},
            {0.3405848811920835, 0.281519224132031, 0.1819306101517931, 0.23000902013488309, 0.30971724951249396,
                0.3539865647606436, 0.35183802424320826, 0.3024622930015419, 0.1923983758779096,
                0.21054173779299895, 0.27428842974451534, 0.35448860509338626}};
        float[][] cens = Cens.fromChromaEnergy(x, 41, 10);
        assertEquals(4, cens.length);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 12; k++) assertEquals(expected[i][k], cens[i][k], 1e-6, "frame " + i + " class " + k);
        }
    }

    @Test
    void quantisationSteps() {
        assertEquals(0, Cens.quantize(0.0));
        assertEquals(0, Cens.quantize(0.0499));
        assertEquals(1, Cens.quantize(0.05));
        assertEquals(2, Cens.quantize(0.1));
        assertEquals(3, Cens.quantize(0.2));
        assertEquals(4, Cens.quantize(0.4));
        assertEquals(4, Cens.quantize(1.0));
    }

    @Test
    void constantChromaGivesItsNormalisedQuantisedVector() {
        float[][] x = new float[100][12];
        for (float[] f : x) {
            f[0] = 0.5f;
            f[4] = 0.3f;
            f[7] = 0.15f;
            f[9] = 0.06f;
        }
        float[][] cens = Cens.fromChromaEnergy(x, 41, 10);
        assertEquals(10, cens.length);
        double n = Math.sqrt(16 + 9 + 4 + 1);
        for (float[] f : cens) {
            assertEquals(4 / n, f[0], 1e-6);
            assertEquals(3 / n, f[4], 1e-6);
            assertEquals(2 / n, f[7], 1e-6);
            assertEquals(1 / n, f[9], 1e-6);
            assertEquals(0, f[1], 0);
        }
    }

    @Test
    void triadAudioGivesCegAtTwoAndAHalfHertz() {
        Cens cens = new Cens(new CqtChroma(new Hcqt(2)), Cens.DEFAULT_SMOOTHING, Cens.DEFAULT_DOWNSAMPLING);
        assertEquals(2.5, cens.frameRate());
        assertEquals("cens", cens.id());
        FeatureSequence s = cens.compute(CqtChromaTest.chord(4, 261.63, 329.63, 392.00));
        assertEquals(2.5, s.frameRate());
        assertEquals(10, s.length());
        assertArrayEquals(new int[] {0, 4, 7}, CqtChromaTest.topClasses(CqtChromaTest.mean(s), 3));
    }
}
