package org.ctcretrieval.query.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MusicXML fermatas slow the tempo inside the held notes by the selection's fermata factor; times computed by hand.
 */
class FermataHoldsTest {
    private static final double EPS = 1e-9;
    /** Half note = 108, so a quarter note lasts 60 / 216 s. */
    private static final double Q = 60.0 / 216;

    @TempDir Path dir;

    private Note note(Score s, String part, int pitch) {
        return s.notes().stream().filter(n -> n.part().equals(part) && n.pitch() == pitch).findFirst().orElseThrow();
    }

    @Test
    void beethovenEFlatIsHeldTwiceAsLongAndLaterNotesMoveLater() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        Score held = ScoreReader.read(f);
        Score written = ScoreReader.read(f, ScoreSelection.ALL.withFermataFactor(1));
        Note eFlat = note(held, "P1", 63);
        assertEquals(2 * Q, eFlat.onsetSeconds(), EPS);
        assertEquals(4 * Q, eFlat.durationSeconds(), EPS, "notated 2 quarters = 0.556 s, held 1.111 s");
        assertEquals(2 * Q, note(written, "P1", 63).durationSeconds(), EPS);
        // the first F (beat 4.5) comes 2 quarters later than written
        assertEquals(6.5 * Q, note(held, "P1", 65).onsetSeconds(), EPS);
        assertEquals(4.5 * Q, note(written, "P1", 65).onsetSeconds(), EPS);
        // the tied D: bar 4 as written, bar 5 (fermata) held: 2 + 4 quarters
        assertEquals(6 * Q, note(held, "P1", 62).durationSeconds(), EPS);
        assertEquals(4 * Q, note(written, "P1", 62).durationSeconds(), EPS);
        assertEquals(14 * Q, held.durationSeconds(), EPS);
        assertEquals(10 * Q, written.durationSeconds(), EPS);
        assertEquals(List.of(new HoldSpan(2, 4), new HoldSpan(8, 10)), written.holds(), "listed whatever the factor");
        ScoreReaderThemesTest.assertNotes(ScoreReaderThemesTest.BEETHOVEN_HELD, held.notes().stream()
                .filter(n -> n.part().equals("P2")).toList(), Q);
    }

    @Test
    void otherFactorsAndTheBpmOverride() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        Score three = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withFermataFactor(3));
        assertEquals(6 * Q, note(three, "P1", 63).durationSeconds(), EPS);
        assertEquals(8.5 * Q, note(three, "P1", 65).onsetSeconds(), EPS);
        // --bpm 60: a quarter lasts 1 s, the held E-flat 4 s, the first F starts at 2 + 4 + 0.5 s
        Score bpm = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withBpm(60.0));
        assertEquals(4.0, note(bpm, "P1", 63).durationSeconds(), EPS);
        assertEquals(6.5, note(bpm, "P1", 65).onsetSeconds(), EPS);
        assertEquals(30, bpm.tempo().bpmAt(2), EPS);
    }

    @Test
    void selectionStartingInsideTheHeldBars() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        Score s = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withMeasures(MeasureRange.parse("2-3")));
        assertEquals(List.of(new HoldSpan(0, 2)), s.holds(), "relative to the start of bar 2");
        assertEquals(0.0, note(s, "P1", 63).onsetSeconds(), EPS);
        assertEquals(4 * Q, note(s, "P1", 63).durationSeconds(), EPS);
        assertEquals(4.5 * Q, note(s, "P1", 65).onsetSeconds(), EPS, "bar 3 starts after the 4-quarter hold");
        assertEquals(108, s.tempo().bpmAt(s.startBeat()), EPS);
        assertEquals(6 * Q, s.durationSeconds(), EPS);
    }

    @Test
    void restsVoicesAndPartsMergeGraceNotesAndBarlinesAreNotHeld() throws IOException {
        String c4 = "<note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration><voice>1</voice></note>";
        String fermata = "<notations><fermata type=\"upright\"/></notations>";
        String p1 = "<part id=\"P1\"><measure number=\"1\"><attributes><divisions>1</divisions><time><beats>4</beats>"
                + "<beat-type>4</beat-type></time></attributes>"
                + "<direction><sound tempo=\"60\"/></direction>"
                + c4
                + "<note><pitch><step>D</step><octave>4</octave></pitch><duration>1</duration><voice>1</voice>"
                + fermata + "</note>"
                + "<note><grace/><pitch><step>E</step><octave>4</octave></pitch><voice>1</voice>" + fermata + "</note>"
                + "<note><pitch><step>F</step><octave>4</octave></pitch><duration>2</duration><voice>1</voice></note>"
                + "<backup><duration>4</duration></backup>"
                // voice 2: the held rest overlaps the held D, the held G3 touches it: one hold [1, 4)
                + "<note><rest/><duration>1</duration><voice>2</voice></note>"
                + "<note><rest/><duration>1</duration><voice>2</voice>" + fermata + "</note>"
                + "<note><pitch><step>G</step><octave>3</octave></pitch><duration>2</duration><voice>2</voice>"
                + "<notations><tied type=\"start\"/></notations><notations><fermata/></notations></note>"
                + "</measure>"
                + "<measure number=\"2\"><note><pitch><step>C</step><octave>5</octave></pitch><duration>4</duration>"
                + "<voice>1</voice></note><barline location=\"right\"><fermata/></barline></measure></part>";
        // a second part with a fermata only in bar 2, on beats 3-4 (after a half rest)
        String p2 = "<part id=\"P2\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>"
                + "<note><rest/><duration>4</duration></note></measure>"
                + "<measure number=\"2\"><note><rest/><duration>2</duration></note>"
                + "<note><pitch><step>A</step><octave>3</octave></pitch><duration>2</duration>" + fermata
                + "</note></measure></part>";
        Path f = dir.resolve("holds.musicxml");
        Files.writeString(f, "<score-partwise><part-list><score-part id=\"P1\"/><score-part id=\"P2\"/></part-list>"
                + p1 + p2 + "</score-partwise>");
        Score s = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1"));
        assertEquals(List.of(new HoldSpan(1, 4), new HoldSpan(6, 8)), s.holds());
        // 60 bpm: 1 s a quarter, 2 s inside the holds
        double[][] expected = {  // pitch, onset s, duration s
            {60, 0, 1}, {62, 1, 2}, {55, 3, 4}, {64, 3, 0}, {65, 3, 4}, {72, 7, 6},
        };
        assertEquals(expected.length, s.notes().size(), s.notes().toString());
        for (int i = 0; i < expected.length; i++) {
            Note n = s.notes().get(i);
            assertEquals((int) expected[i][0], n.pitch(), n.toString());
            assertEquals(expected[i][1], n.onsetSeconds(), EPS, n.toString());
            assertEquals(expected[i][2], n.durationSeconds(), EPS, n.toString());
        }
        assertEquals(13.0, s.durationSeconds(), EPS, "the fermata of part P2 holds part P1 too");
    }

    @Test
    void invalidFactorIsRefusedWithAClearMessage() {
        for (double f : new double[] {0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoreSelection.ALL.withFermataFactor(f));
            assertEquals("fermata factor must be a finite number > 0 (1 = ignore fermatas, default 2.0): " + f,
                    e.getMessage());
        }
        assertEquals(2.0, ScoreSelection.ALL.fermataFactor());
        assertEquals(2.0, new ScoreSelection("P1", null, null, 90.0).fermataFactor());
    }

    @Test
    void midiHasNoFermatas() throws IOException {
        Path mid = ThemeFixtures.beethoven5Midi(dir);
        Score s = ScoreReader.read(mid);
        assertEquals(List.of(), s.holds());
        assertEquals(s.notes(), ScoreReader.read(mid, ScoreSelection.ALL.withFermataFactor(3)).notes());
        assertTrue(s.tempo().segments() == 1, "constant tempo");
    }
}
