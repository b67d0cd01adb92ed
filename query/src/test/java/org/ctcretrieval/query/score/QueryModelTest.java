package org.ctcretrieval.query.score;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.features.FeatureSequence;
import org.junit.jupiter.api.Test;

class QueryModelTest {
    /** A note at 60 bpm (1 beat = 1 s). */
    private static Note note(double on, double dur, int pitch, String part, int staff) {
        return new Note(on, dur, on, dur, pitch, 80, part, staff, "1", "1");
    }

    /** Piano: melody E5-G5-C6 in the right hand over a held C3-G3 chord in the left; a flute part below. */
    private static Score score(boolean withFlute) {
        List<PartInfo> parts = withFlute ? List.of(new PartInfo("P1", "Piano", 1), new PartInfo("P2", "Flute", 2))
                : List.of(new PartInfo("P1", "Piano", 1));
        List<Note> notes = new java.util.ArrayList<>(List.of(
                note(0, 3, 48, "P1", 2), note(0, 3, 55, "P1", 2),
                note(0, 1, 76, "P1", 1), note(1, 1, 79, "P1", 1), note(2, 1, 84, "P1", 1)));
        if (withFlute) notes.add(note(0, 3, 62, "P2", 1));
        return new Score(Path.of("x.musicxml"), "musicxml", parts, parts, List.of(), notes, 0, TempoMap.constant(60),
                "file", List.of(), List.of());
    }

    private static int loudest(float[] frame) {
        int best = 0;
        for (int c = 1; c < 12; c++) if (frame[c] > frame[best]) best = c;
        return best;
    }

    private static int active(float[] frame) {
        int n = 0;
        for (float v : frame) if (v > 1e-6) n++;
        return n;
    }

    @Test
    void wholeTextureKeepsEveryNote() {
        FeatureSequence c = QueryModel.WHOLE.chroma(score(false), false, 10);
        assertEquals(30, c.length());
        assertEquals(3, active(c.frames()[5]), "C, E, G sound in the first second");
    }

    @Test
    void skylineKeepsOnlyTheHighestNote() {
        FeatureSequence c = QueryModel.SKYLINE.chroma(score(false), false, 10);
        assertEquals(30, c.length(), "the skyline keeps the query's extent");
        int[] expected = {4, 7, 0}; // E, G, C
        for (int s = 0; s < 3; s++) {
            float[] f = c.frames()[s * 10 + 5];
            assertEquals(1, active(f), "one pitch class at second " + s);
            assertEquals(expected[s], loudest(f));
        }
    }

    @Test
    void topStaffTakesTheFirstPartsUpperStaffUnlessTheUserChose() {
        Score s = score(true);
        List<Note> top = QueryModel.topStaff(s);
        assertEquals(3, top.size());
        assertTrue(top.stream().allMatch(n -> n.part().equals("P1") && n.staff() == 1));
        // with the user's own part/staff selection the model keeps the selected notes
        assertEquals(4, active(QueryModel.TOP_STAFF.chroma(s, true, 10).frames()[5]), "C, D, E, G");
        assertEquals(1, active(QueryModel.TOP_STAFF.chroma(s, false, 10).frames()[5]));
        assertEquals(1, active(QueryModel.TOP_SKYLINE.chroma(s, false, 10).frames()[5]));
    }

    @Test
    void onsetWeightingFadesHeldNotesUnderNewOnes() {
        FeatureSequence whole = QueryModel.WHOLE.chroma(score(false), false, 10);
        FeatureSequence onset = QueryModel.ONSET.chroma(score(false), false, 10);
        // at 2.5 s the chord has sounded 2.5 s, the C6 0.5 s: the chord's share drops under onset weighting
        float[] w = whole.frames()[25], o = onset.frames()[25];
        assertTrue(o[7] < w[7] - 0.1, "G of the held chord: " + o[7] + " vs " + w[7]);
        assertEquals(0, loudest(o));
    }

    @Test
    void modelsAreChosenPerFeatureAndParsedByLabel() {
        assertEquals(QueryModel.CLASSIC_DEFAULT, QueryModel.defaultFor("cqt"));
        assertEquals(QueryModel.CLASSIC_DEFAULT, QueryModel.defaultFor("cens"));
        assertTrue(QueryModel.isDeepChroma("v2_ctc_train345valid1") && !QueryModel.isDeepChroma("cqt"));
        assertEquals(QueryModel.DEEP_DEFAULT, QueryModel.defaultFor("v1_ctc_train1234valid5"));
        assertEquals(QueryModel.DEEP_DEFAULT, QueryModel.defaultFor("v2_linear_train345valid1"));
        assertEquals(QueryModel.TOP_SKYLINE, QueryModel.parse("Top-Skyline"));
        var e = assertThrows(IllegalArgumentException.class, () -> QueryModel.parse("melody"));
        assertTrue(e.getMessage().contains("unknown query model 'melody'") && e.getMessage().contains("skyline"));
    }
}
