package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.junit.jupiter.api.Test;

class CoarseDtwTest {
    private static float[][] randomChroma(Random rnd, int frames) {
        float[][] x = new float[frames][12];
        for (int t = 0; t < frames; t++) {
            int note = rnd.nextInt(12); // held notes of 4-12 frames, as a melody at 10 Hz
            int len = 4 + rnd.nextInt(9);
            for (int k = 0; k < len && t + k < frames; k++) {
                x[t + k][note] = 1f;
                x[t + k][(note + 7) % 12] = 0.3f;
            }
            t += len - 1;
        }
        return x;
    }

    @Test
    void aRecordingThatPlaysTheQueryCostsLessThanOneThatDoesNot() {
        Random rnd = new Random(3);
        float[][] query = randomChroma(rnd, 120);
        float[][] other = randomChroma(rnd, 400);
        float[][] playing = randomChroma(rnd, 400);
        for (int t = 0; t < query.length; t++) playing[200 + t] = query[t].clone();
        CoarseDtw coarse = new CoarseDtw(query, 4);
        float hit = coarse.cost(0, RetrievalFeatures.quantize8(playing), 0, playing.length, 12);
        float miss = coarse.cost(0, RetrievalFeatures.quantize8(other), 0, other.length, 12);
        assertTrue(hit < 0.05f, "pooled copy of the query: cost " + hit);
        assertTrue(miss > 3 * hit + 0.1f, "unrelated recording: cost " + miss + " vs " + hit);
        float transposed = coarse.cost(3, RetrievalFeatures.quantize8(RetrievalFeatures.rotate(playing, 3)), 0, playing.length, 12);
        assertEquals(hit, transposed, 1e-4f, "shift 3 holds the query rotated by 3 semitones");
    }

    @Test
    void windowsShorterThanOnePoolHaveNoCost() {
        CoarseDtw coarse = new CoarseDtw(new float[40][12], 1);
        assertEquals(Float.POSITIVE_INFINITY, coarse.cost(0, new byte[3 * 12], 0, 3, 12));
        assertTrue(CoarseDtw.applies(40) && !CoarseDtw.applies(20));
    }
}
