package org.ctcretrieval.solr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.DtwWindows;
import org.junit.jupiter.api.Test;

class ThemeParamsTest {
    @Test
    void queryChromaTravelsBitExact() {
        Random rnd = new Random(3);
        float[][] q = new float[37][12];
        for (float[] f : q) for (int c = 0; c < 12; c++) f[c] = rnd.nextFloat() * (c == 3 ? 1e-7f : 1f);
        q[5][2] = Float.MIN_VALUE;
        float[][] back = ThemeParams.decodeQuery(ThemeParams.encodeQuery(q));
        for (int i = 0; i < q.length; i++) assertArrayEquals(q[i], back[i], 0f);
        assertThrows(IllegalArgumentException.class, () -> ThemeParams.decodeQuery("3,12,AAAA"));
    }

    @Test
    void setupRoundTripsAndRefusesOtherFormats() {
        IndexSchema s = IndexSchema.forFeatures("v2_ctc_train345valid1", 25, 12);
        assertEquals(s, ThemeParams.decodeSetup(ThemeParams.encodeSetup(s)));
        String otherFormat = ThemeParams.encodeSetup(s).replace("ctcr.format=" + IndexSchema.FORMAT_VERSION, "ctcr.format=1");
        assertThrows(IllegalArgumentException.class, () -> ThemeParams.decodeSetup(otherFormat));
    }

    @Test
    void windowsRoundTripWithPathsHoldingCommasAndSemicolons() {
        Map<String, List<ThemeParams.ShiftWindow>> w = new LinkedHashMap<>();
        w.put("/music/a, b; c.wav", List.of(new ThemeParams.ShiftWindow(0, new DtwWindows.Window(10, 200, 7)),
                new ThemeParams.ShiftWindow(3, new DtwWindows.Window(400, 590, 2))));
        w.put("/music/d.wav", List.of(new ThemeParams.ShiftWindow(11, new DtwWindows.Window(0, 5, 1))));
        assertEquals(w, ThemeParams.decodeWindows(ThemeParams.encodeWindows(w)));
    }

    @Test
    void candidatesByTranspositionRoundTrip() {
        String text = ThemeParams.encodeCandidates(List.of(List.of("/a, b.wav", "c"), List.of(), List.of("c", "d")));
        Map<String, List<Integer>> back = ThemeParams.decodeCandidates(text);
        assertEquals(Map.of("/a, b.wav", List.of(0), "c", List.of(0, 2), "d", List.of(2)), back);
    }
}
