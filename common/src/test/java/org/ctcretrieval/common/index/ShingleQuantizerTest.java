package org.ctcretrieval.common.index;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.ctcretrieval.common.features.FeatureSequence;
import org.junit.jupiter.api.Test;

class ShingleQuantizerTest {
    /** Chroma of a sequence of chords, each held for the given number of frames. */
    private static float[][] chords(int[][] chords, int[] frames) {
        int total = 0;
        for (int f : frames) total += f;
        float[][] out = new float[total][12];
        int t = 0;
        for (int k = 0; k < chords.length; k++) {
            for (int i = 0; i < frames[k]; i++, t++) {
                for (int j = 0; j < chords[k].length; j++) out[t][chords[k][j]] = 1f - 0.2f * j;
            }
        }
        return out;
    }

    /** Unsmoothed 5-/4-/3-grams with a minimum run of 2 frames: parameters that expose each step of the mechanism. */
    private static final ShingleQuantizer.Params UNSMOOTHED = new ShingleQuantizer.Params(1, 5, 4, 3, 2);

    private static final int[][] PROGRESSION = {{0, 4, 7}, {5, 9, 0}, {7, 11, 2}, {0, 4, 7}, {9, 0, 4}, {2, 5, 9}, {7, 11, 2}};

    private static List<String> terms(ShingleQuantizer q, float[][] chroma) {
        return q.shingles(chroma).stream().map(s -> s.field() + ":" + s.term()).collect(Collectors.toList());
    }

    @Test
    void tempoDoesNotChangeTheTerms() {
        ShingleQuantizer q = new ShingleQuantizer(UNSMOOTHED);
        List<String> slow = terms(q, chords(PROGRESSION, new int[] {8, 12, 8, 10, 8, 12, 9}));
        List<String> fast = terms(q, chords(PROGRESSION, new int[] {4, 6, 4, 5, 4, 6, 5}));
        assertFalse(slow.isEmpty());
        assertEquals(slow, fast);
        // 7 tokens in each field: 3 top-1 5-grams, 4 top-2 4-grams, 5 top-3 3-grams
        assertEquals(3 + 4 + 5, slow.size());
        assertTrue(slow.contains("sh3:aeh.afj.chl"), "top-3 sets are the chords, letters ascending: " + slow);
    }

    @Test
    void transpositionRotatesTheTokens() {
        ShingleQuantizer q = new ShingleQuantizer(UNSMOOTHED);
        float[][] c = chords(PROGRESSION, new int[] {6, 6, 6, 6, 6, 6, 6});
        int[][] up2 = new int[PROGRESSION.length][];
        for (int k = 0; k < up2.length; k++) up2[k] = java.util.Arrays.stream(PROGRESSION[k]).map(p -> (p + 2) % 12).toArray();
        assertEquals(terms(q, chords(up2, new int[] {6, 6, 6, 6, 6, 6, 6})), terms(q, RetrievalFeatures.rotate(c, 2)));
        assertNotEquals(terms(q, c), terms(q, RetrievalFeatures.rotate(c, 2)));
    }

    @Test
    void oneFrameBlipsAndRestsDoNotBreakShingles() {
        ShingleQuantizer q = new ShingleQuantizer(UNSMOOTHED);
        float[][] clean = chords(PROGRESSION, new int[] {6, 6, 6, 6, 6, 6, 6});
        float[][] noisy = clean.clone();
        noisy[8] = new float[12];
        noisy[8][10] = 1f;                       // a one-frame blip of another class
        noisy[20] = new float[12];
        java.util.Arrays.fill(noisy[20], 0.3f);  // a flat frame (rest)
        assertEquals(terms(q, clean), terms(q, noisy));
        var starts = q.shingles(clean).stream().map(ShingleQuantizer.Shingle::startFrame).collect(Collectors.toList());
        assertEquals(List.of(0, 6, 12, 0, 6, 12, 18, 0, 6, 12, 18, 24), starts, "positions are the token start frames");
    }

    @Test
    void schemaRoundTripsThroughCommitDataAndListsDifferences() {
        IndexSchema s = IndexSchema.forFeatures("v2_ctc_train345valid1", 25, 12);
        Map<String, String> data = s.toUserData();
        assertEquals(s, IndexSchema.fromUserData(data));
        IndexSchema other = new IndexSchema("cens", 10, 12, 5, new ShingleQuantizer.Params(3, 4, 4, 3, 2));
        List<String> diffs = s.differences(other);
        assertEquals(4, diffs.size(), diffs.toString());
        var bad = new java.util.HashMap<>(data);
        bad.put("ctcr.format", "99");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IndexSchema.fromUserData(bad)).getMessage()
                .contains("format version 99"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IndexSchema.fromUserData(Map.of())).getMessage()
                .contains("not a ctc-retrieval index"));
    }

    @Test
    void resamplingKeepsDurationAndInterpolates() {
        Random rnd = new Random(1);
        float[][] x = new float[250][12];
        for (float[] f : x) for (int c = 0; c < 12; c++) f[c] = rnd.nextFloat();
        FeatureSequence down = RetrievalFeatures.resample(new FeatureSequence("a", 25, x), 10);
        assertEquals(100, down.length());
        assertEquals(10.0, down.durationSeconds(), 1e-9);
        // upsampling a two-frame sequence is linear interpolation between the unit-normalised frames
        float[][] two = {{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
        FeatureSequence up = RetrievalFeatures.resample(new FeatureSequence("a", 1, two), 4);
        assertEquals(8, up.length());
        assertEquals(0.75f, up.frame(1)[0], 1e-6f);
        assertEquals(0.25f, up.frame(1)[1], 1e-6f);
        byte[] codes = RetrievalFeatures.quantize8(new float[][] {{0.5f, 0.25f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}});
        assertEquals(255, codes[0] & 0xff);
        assertEquals(128, codes[1] & 0xff);
    }
}
