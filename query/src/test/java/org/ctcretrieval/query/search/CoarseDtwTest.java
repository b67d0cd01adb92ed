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
        CoarseDtw coarse = new CoarseDtw(query);
        CoarseDtw.Match hitMatch = coarse.match(RetrievalFeatures.quantize8(playing), 0, playing.length, 12);
        float hit = hitMatch.cost();
        float miss = coarse.match(RetrievalFeatures.quantize8(other), 0, other.length, 12).cost();
        assertTrue(hit < 0.05f, "pooled copy of the query: cost " + hit);
        assertTrue(miss > 3 * hit + 0.1f, "unrelated recording: cost " + miss + " vs " + hit);
        // the pools of the match cover the copy (frames 200-319) to within one pool of 4 frames
        assertTrue(Math.abs(hitMatch.from() - 200) <= 4 && Math.abs(hitMatch.to() - 320) <= 4, hitMatch.toString());
        float transposed = new CoarseDtw(RetrievalFeatures.rotate(query, 3))
                .match(RetrievalFeatures.quantize8(RetrievalFeatures.rotate(playing, 3)), 0, playing.length, 12).cost();
        assertEquals(hit, transposed, 1e-4f, "a rotated query matches the rotated recording alike");
    }

    @Test
    void theEndAloneThenItsSpanGiveTheMatch() {
        Random rnd = new Random(5);
        float[][] query = randomChroma(rnd, 100);
        for (int trial = 0; trial < 20; trial++) {
            float[][] rec = randomChroma(rnd, 300);
            int at = rnd.nextInt(150);
            for (int t = 0; t < query.length; t += 2) rec[at + t / 2] = query[t].clone(); // played twice as fast
            byte[] codes = RetrievalFeatures.quantize8(rec);
            CoarseDtw coarse = new CoarseDtw(query);
            int from = rnd.nextInt(40);
            int to = 300 - rnd.nextInt(40);
            DtwWindows.Window w = new DtwWindows.Window(from, to, 1);
            CoarseDtw.Match whole = coarse.match(codes, from, to, 12);
            RecordingMatcher.CoarseEnd end = coarse.end(codes, from, to, 12, w);
            assertEquals(whole.cost(), end.cost());
            assertEquals(whole, coarse.span(codes, from, to, 12, end));
        }
    }

    @Test
    void windowsShorterThanOnePoolHaveNoCost() {
        CoarseDtw coarse = new CoarseDtw(new float[40][12]);
        assertEquals(Float.POSITIVE_INFINITY, coarse.match(new byte[3 * 12], 0, 3, 12).cost());
        assertTrue(CoarseDtw.applies(40) && !CoarseDtw.applies(20));
    }

    @Test
    void longThemesArePooledMoreSoTheirPooledLengthStaysBounded() {
        assertEquals(CoarseDtw.MIN_FACTOR, CoarseDtw.factorFor(100));
        assertEquals(13, CoarseDtw.factorFor(392));
        for (int frames = 24; frames < 2000; frames += 37) {
            assertTrue(frames / CoarseDtw.factorFor(frames) <= CoarseDtw.POOLED_QUERY_FRAMES, "frames " + frames);
        }
        // a long theme is still found, and its pooled match covers where it is played
        Random rnd = new Random(5);
        float[][] query = randomChroma(rnd, 400);
        float[][] playing = randomChroma(rnd, 1200);
        for (int t = 0; t < query.length; t++) playing[300 + t] = query[t].clone();
        CoarseDtw coarse = new CoarseDtw(query);
        assertEquals(13, coarse.factor());
        CoarseDtw.Match hit = coarse.match(RetrievalFeatures.quantize8(playing), 0, playing.length, 12);
        float miss = coarse.match(RetrievalFeatures.quantize8(randomChroma(rnd, 1200)), 0, 1200, 12).cost();
        assertTrue(hit.cost() < 0.05f && miss > 3 * hit.cost() + 0.1f, hit + " vs " + miss);
        assertTrue(Math.abs(hit.from() - 300) <= 13 && Math.abs(hit.to() - 700) <= 13, hit.toString());
    }
}
