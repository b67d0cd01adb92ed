package org.ctcretrieval.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ctcretrieval.testdata.NoteRenderer.NoteEvent;
import org.junit.jupiter.api.Test;

class NoteRendererTest {
    private static final int SR = 22050;

    /** Magnitude of the DFT of x[from, to) at frequency f. */
    private static double dft(float[] x, int from, int to, double f) {
        double re = 0, im = 0;
        for (int i = from; i < to; i++) {
            re += x[i] * Math.cos(2 * Math.PI * f * i / SR);
            im -= x[i] * Math.sin(2 * Math.PI * f * i / SR);
        }
        return Math.hypot(re, im) / (to - from);
    }

    @Test
    void notesSoundAtTheirPitchAndTimeOnly() {
        float[] y = NoteRenderer.render(List.of(
                new NoteEvent(0.0, 0.5, 67, 1.0),   // G4 392 Hz
                new NoteEvent(0.5, 0.5, 63, 1.0)),  // Eb4 311 Hz
                0.25, SR);
        assertEquals(SignalGenerator.sampleCount(1.25, SR), y.length);
        double g = SignalGenerator.midiToHz(67), eb = SignalGenerator.midiToHz(63);
        int a = (int) (0.1 * SR), b = (int) (0.4 * SR), c = (int) (0.6 * SR), d = (int) (0.9 * SR);
        assertTrue(dft(y, a, b, g) > 10 * dft(y, a, b, eb), "first note is G");
        assertTrue(dft(y, c, d, eb) > 10 * dft(y, c, d, g), "second note is Eb");
        float peak = 0, tail = 0;
        for (float v : y) peak = Math.max(peak, Math.abs(v));
        for (int i = (int) (1.05 * SR); i < y.length; i++) tail = Math.max(tail, Math.abs(y[i]));
        assertEquals(0.8f, peak, 1e-6);
        assertEquals(0f, tail, "silence after the last note");
    }
}
