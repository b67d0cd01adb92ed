package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TuningEstimatorTest {
    /** Three seconds of a chord progression (harmonic tones, four partials), every pitch detuned by {@code cents}. */
    private static float[] progression(double cents) {
        int sr = 22050;
        int[][] chords = {{60, 64, 67}, {65, 69, 72}, {67, 71, 74, 77}, {57, 60, 64}, {62, 66, 69}};
        float[] y = new float[sr * 3];
        int per = y.length / chords.length;
        for (int c = 0; c < chords.length; c++) {
            for (int p : chords[c]) {
                double f0 = 440 * Math.pow(2, (p - 69 + cents / 100) / 12);
                for (int i = 0; i < per; i++) {
                    double t = i / (double) sr;
                    double v = 0;
                    for (int k = 1; k <= 4; k++) v += Math.sin(2 * Math.PI * f0 * k * t) / k;
                    y[c * per + i] += (float) (0.1 * v);
                }
            }
        }
        return y;
    }

    private static double estimate(float[] y) {
        TuningEstimator e = new TuningEstimator();
        for (float[] frame : new Hcqt(1).fundamentalMedianMagnitude(y)) e.accept(frame, 0);
        assertTrue(e.peaks() > 100, "peaks: " + e.peaks());
        return e.cents();
    }

    @Test
    void tuningOffsetsOfDetunedChordsAreFoundWithinThreeCents() {
        for (double cents : new double[] {0, 23, -37, 45}) {
            assertEquals(cents, estimate(progression(cents)), 3.0, "detuned by " + cents + " cents");
        }
    }

    @Test
    void historicalPitchA415IsASemitoneLowAndSoNearZero() {
        double a415 = 1200 * Math.log(415.0 / 440.0) / Math.log(2); // -101.3 cents
        assertEquals(a415 + 100, estimate(progression(a415)), 3.0);
    }

    @Test
    void silenceHasNoTuning() {
        TuningEstimator e = new TuningEstimator();
        e.accept(new float[Hcqt.BINS], 0);
        assertTrue(Double.isNaN(e.cents()));
    }

    @Test
    void pitchTuningIsTheLeftEdgeOfTheFullestHistogramBinAsInNumpy() {
        // numpy: np.histogram([0.1234, 0.125, 0.129, -0.3], np.linspace(-0.5, 0.5, 101)) -> fullest bin [0.12, 0.13)
        assertEquals(0.12, TuningEstimator.pitchTuning(new float[] {0.1234f, 0.125f, 0.129f, -0.3f}, 0.01), 1e-9);
        // ties go to the first fullest bin; an empty histogram gives the first edge
        assertEquals(-0.3, TuningEstimator.pitchTuning(new float[] {-0.295f, 0.205f}, 0.01), 1e-9);
        assertEquals(-0.5, TuningEstimator.pitchTuning(new float[0], 0.01), 1e-9);
    }
}
