package org.ctcretrieval.query.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Score chroma: frame grid, weighting, L2 normalisation and the value of silent frames. */
class ScoreChromaTest {
    private static final int G = 7;
    private static final int E_FLAT = 3;

    @TempDir Path dir;

    private List<Note> beethovenViolin() throws IOException {
        return ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir), ScoreSelection.ALL.withPart("P1"))
                .notes();
    }

    private static float[] unit(int... classes) {
        float[] v = new float[12];
        for (int c : classes) v[c] = (float) (1 / Math.sqrt(classes.length));
        return v;
    }

    @Test
    void beethovenBinaryChromaAt25Hz() throws IOException {
        FeatureSequence c = ScoreChroma.compute(beethovenViolin(), 25, ChromaWeighting.BINARY);
        assertEquals("score", c.featureId());
        assertEquals(25, c.frameRate());
        // first onset (after the eighth rest) to the end of the tied D: 9.5 quarters, of which the fermata E-flat
        // (2 quarters) and the last half of the D (2 quarters) are held twice as long: 13.5 quarters at 216 bpm
        // = 3.75 s
        assertEquals((int) Math.ceil(13.5 * 60 / 216 * 25), c.length());
        assertEquals(94, c.length());
        assertArrayEquals(unit(G), c.frame(0), 1e-6f);
        assertArrayEquals(unit(G), c.frame(9), 1e-6f);
        // frame 10 covers 0.38-0.42 s: the last G ends and the E-flat starts at 0.4167 s
        assertArrayEquals(unit(E_FLAT, G), c.frame(10), 1e-6f);
        assertArrayEquals(unit(E_FLAT), c.frame(11), 1e-6f);
        // the held E-flat sounds 4 quarters = 1.111 s from 0.417 s to 1.528 s: frame 37 (1.46-1.50 s) is in it
        assertArrayEquals(unit(E_FLAT), c.frame(37), 1e-6f);
        // frame 40 (1.58-1.62 s) lies in the rest between the E-flat (ends 1.528 s) and the first F (1.667 s)
        float[] silent = new float[12];
        java.util.Arrays.fill(silent, (float) (1 / Math.sqrt(12)));
        assertArrayEquals(silent, c.frame(40), 1e-7f);
        assertArrayEquals(unit(2), c.frame(93), 1e-6f);
        for (float[] f : c.frames()) {
            double norm = 0;
            for (float v : f) norm += v * v;
            assertEquals(1.0, norm, 1e-6, "every frame has unit L2 norm");
        }
    }

    /**
     * Independent definition: weight of pitch class p in frame t = integral over the frame interval of the
     * (velocity-)weighted count of sounding notes of class p, approximated by midpoint sampling.
     */
    private static float[][] sampled(List<Note> notes, double rate, ChromaWeighting w) {
        double first = notes.stream().mapToDouble(Note::onsetSeconds).min().orElseThrow();
        double last = notes.stream().mapToDouble(Note::offsetSeconds).max().orElseThrow();
        int frames = (int) Math.ceil((last - first) * rate - 1e-9);
        int sub = 2000;
        float[][] out = new float[frames][12];
        for (int t = 0; t < frames; t++) {
            double[] acc = new double[12];
            for (int k = 0; k < sub; k++) {
                double time = first + (t - 0.5 + (k + 0.5) / sub) / rate;
                for (Note n : notes) {
                    if (time >= n.onsetSeconds() && time < n.offsetSeconds()) {
                        acc[n.pitchClass()] += (w == ChromaWeighting.VELOCITY ? n.velocity() / 127.0 : 1.0) / sub;
                    }
                }
            }
            double norm = 0;
            for (double v : acc) norm += v * v;
            for (int p = 0; p < 12; p++) {
                out[t][p] = norm > 0 ? (float) (acc[p] / Math.sqrt(norm)) : (float) (1 / Math.sqrt(12));
            }
        }
        return out;
    }

    @Test
    void durationAndVelocityWeightingMatchSampledIntegral() throws IOException {
        List<Note> notes = ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.PIANO_THEME, dir), ScoreSelection.ALL)
                .notes();
        for (ChromaWeighting w : List.of(ChromaWeighting.DURATION, ChromaWeighting.VELOCITY)) {
            FeatureSequence c = ScoreChroma.compute(notes, 25, w);
            float[][] expected = sampled(notes, 25, w);
            assertEquals(expected.length, c.length());
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], c.frame(t), 2e-3f, w + " frame " + t);
            }
        }
    }

    @Test
    void velocityWeightingFollowsVelocity() {
        List<Note> notes = List.of(new Note(0, 1, 0, 1, 60, 127, "P1", 1, "1", "1"),
                new Note(0, 1, 0, 1, 67, 40, "P1", 1, "1", "1"));
        FeatureSequence c = ScoreChroma.compute(notes, 10, ChromaWeighting.VELOCITY);
        assertEquals(10, c.length());
        double n = Math.hypot(1, 40 / 127.0);
        assertEquals(1 / n, c.frame(5)[0], 1e-6);
        assertEquals(40 / 127.0 / n, c.frame(5)[7], 1e-6);
        FeatureSequence b = ScoreChroma.compute(notes, 10, ChromaWeighting.BINARY);
        assertArrayEquals(unit(0, 7), b.frame(5), 1e-6f);
    }

    @Test
    void rejectsEmptyInputAndBadRate() {
        assertThrows(IllegalArgumentException.class, () -> ScoreChroma.compute(List.of(), 25, ChromaWeighting.BINARY));
        List<Note> one = List.of(new Note(0, 1, 0, 1, 60, 80, "P1", 1, "1", "1"));
        assertThrows(IllegalArgumentException.class, () -> ScoreChroma.compute(one, 0, ChromaWeighting.BINARY));
    }
}
