package org.ctcretrieval.query.score;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-entered themes read from MusicXML, compressed MusicXML (built from the same text in the test) and MIDI
 * (generated from an independent note table) give the expected notes, in beats and seconds.
 */
class ScoreReaderThemesTest {
    private static final double EPS = 1e-9;
    /** Half note = 108, so a quarter note lasts 60 / 216 s. */
    private static final double QUARTER_SECONDS = 60.0 / 216;

    @TempDir Path dir;

    /** {pitch, onset, duration, measure} of the Beethoven opening, in quarter notes from bar 1. */
    private static final double[][] BEETHOVEN = {
        {67, 0.5, 0.5, 1}, {67, 1.0, 0.5, 1}, {67, 1.5, 0.5, 1},
        {63, 2.0, 2.0, 2},
        {65, 4.5, 0.5, 3}, {65, 5.0, 0.5, 3}, {65, 5.5, 0.5, 3},
        {62, 6.0, 4.0, 4},
    };

    /**
     * {@link #BEETHOVEN} as performed with the default fermata factor 2, with two more columns: onset and duration
     * in seconds, in units of a notated quarter. The E-flat (beats 2-4) and the second half of the tied D (beats
     * 8-10) are under fermatas and last twice as long: beat b is at b (b &lt;= 2), 2 + 2 (b - 2) (2 &lt;= b &lt;= 4),
     * 6 + (b - 4) (4 &lt;= b &lt;= 8) and 10 + 2 (b - 8) quarters; the piece ends at 14.
     */
    static final double[][] BEETHOVEN_HELD = {
        {67, 0.5, 0.5, 1, 0.5, 0.5}, {67, 1.0, 0.5, 1, 1.0, 0.5}, {67, 1.5, 0.5, 1, 1.5, 0.5},
        {63, 2.0, 2.0, 2, 2.0, 4.0},
        {65, 4.5, 0.5, 3, 6.5, 0.5}, {65, 5.0, 0.5, 3, 7.0, 0.5}, {65, 5.5, 0.5, 3, 7.5, 0.5},
        {62, 6.0, 4.0, 4, 8.0, 6.0},
    };

    static void assertNotes(double[][] expected, List<Note> actual, double quarterSeconds) {
        assertEquals(expected.length, actual.size(), "note count: " + actual);
        for (int i = 0; i < expected.length; i++) {
            Note n = actual.get(i);
            String at = "note " + i + " " + n;
            assertEquals((int) expected[i][0], n.pitch(), at);
            assertEquals(expected[i][1], n.onsetBeats(), EPS, at);
            assertEquals(expected[i][2], n.durationBeats(), EPS, at);
            assertEquals(Integer.toString((int) expected[i][3]), n.measure(), at);
            // 10 us: MIDI tempo is rounded to whole microseconds per quarter
            // columns 4 and 5, if present, give the seconds (in quarters) where they differ from the beats
            double onsetQ = expected[i].length > 4 ? expected[i][4] : expected[i][1];
            double durationQ = expected[i].length > 4 ? expected[i][5] : expected[i][2];
            assertEquals(onsetQ * quarterSeconds, n.onsetSeconds(), 1e-5, at);
            assertEquals(durationQ * quarterSeconds, n.durationSeconds(), 1e-5, at);
        }
    }

    private static List<Note> ofPart(Score s, String partId) {
        return s.notes().stream().filter(n -> n.part().equals(partId)).toList();
    }

    @Test
    void beethovenMusicXmlViolinAndTransposingClarinetSoundTheSameNotes() throws IOException {
        Score s = ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir), ScoreSelection.ALL);
        assertEquals("musicxml", s.format());
        assertEquals(List.of(new PartInfo("P1", "Violin I", 1), new PartInfo("P2", "Clarinet in Bb", 2)), s.parts());
        assertEquals("file", s.tempoSource());
        assertEquals(216, s.tempo().bpmAt(0), EPS);
        assertEquals(108, s.tempo().bpmAt(2), EPS, "the fermata E-flat is held twice as long");
        assertEquals(List.of(new HoldSpan(2, 4), new HoldSpan(8, 10)), s.holds());
        assertNotes(BEETHOVEN_HELD, ofPart(s, "P1"), QUARTER_SECONDS);
        assertNotes(BEETHOVEN_HELD, ofPart(s, "P2"), QUARTER_SECONDS);
        assertEquals(5, s.measures().size());
        assertEquals(10.0, s.durationBeats(), EPS);
        assertEquals(14 * QUARTER_SECONDS, s.durationSeconds(), 1e-9);
        // <sound dynamics="106.67"> = 106.67 % of forte (90) -> velocity 96
        assertTrue(s.notes().stream().allMatch(n -> n.velocity() == 96), s.notes().toString());
    }

    /** MIDI has no fermatas: it matches the MusicXML read with fermatas ignored (factor 1). */
    @Test
    void beethovenMxlAndMidiGiveTheSameNotesAsMusicXml() throws IOException {
        ScoreSelection asWritten = ScoreSelection.ALL.withFermataFactor(1);
        Score xml = ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir), asWritten);
        Score mxl = ScoreReader.read(ThemeFixtures.mxl(ThemeFixtures.BEETHOVEN5, dir), asWritten);
        Score mid = ScoreReader.read(ThemeFixtures.beethoven5Midi(dir), ScoreSelection.ALL);
        assertEquals("mxl", mxl.format());
        assertEquals("midi", mid.format());
        assertEquals(List.of(new PartInfo("T2", "Violin I", 1), new PartInfo("T3", "Clarinet in Bb", 2)),
                mid.parts());
        assertEquals(xml.notes(), mxl.notes());
        assertEquals(ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir)).notes(),
                ScoreReader.read(ThemeFixtures.mxl(ThemeFixtures.BEETHOVEN5, dir)).notes(), "default factor");
        assertEquals(signature(xml), signature(mid));
        assertEquals(List.of(), mid.holds());
        assertNotes(BEETHOVEN, ofPart(mid, "T2"), QUARTER_SECONDS);
        assertEquals(5, mid.measures().size(), "2/4 bars from the MIDI time signature");
    }

    /**
     * Notes without the format-specific part ID and voice: part index, pitch, times, measure, staff. Seconds are
     * compared to 0.1 ms: MIDI stores the tempo in whole microseconds per quarter (277778 for 216 bpm).
     */
    private static List<String> signature(Score s) {
        List<String> out = new ArrayList<>();
        for (Note n : s.notes()) {
            int part = s.parts().stream().filter(p -> p.id().equals(n.part())).findFirst().orElseThrow().index();
            out.add(String.format(Locale.ROOT, "%d %d %.6f %.6f %.4f %.4f %s %d", part, n.pitch(), n.onsetBeats(),
                    n.durationBeats(), n.onsetSeconds(), n.durationSeconds(), n.measure(), n.staff()));
        }
        return out;
    }

    @Test
    void timewiseMusicXmlIsConvertedToTheSameNotes() throws IOException {
        Score tw = ScoreReader.read(ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5_TIMEWISE, dir), ScoreSelection.ALL);
        assertEquals(List.of(new PartInfo("P1", "Violin I", 1)), tw.parts());
        assertNotes(BEETHOVEN_HELD, tw.notes(), QUARTER_SECONDS);
    }

    @Test
    void partSelectionByIdNameAndIndex() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        for (String key : List.of("P2", "clarinet in bb", "2")) {
            Score s = ScoreReader.read(f, ScoreSelection.ALL.withPart(key));
            assertEquals(List.of(new PartInfo("P2", "Clarinet in Bb", 2)), s.selectedParts(), key);
            assertNotes(BEETHOVEN_HELD, s.notes(), QUARTER_SECONDS);
        }
    }

    @Test
    void measureRangeStartsTimeAtTheFirstSelectedBarAndCutsTheTieAtTheEnd() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        Score s = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withMeasures(MeasureRange.parse("3-4")));
        double[][] expected = {
            {65, 0.5, 0.5, 3}, {65, 1.0, 0.5, 3}, {65, 1.5, 0.5, 3}, {62, 2.0, 2.0, 4},
        };
        // bars 3-4 hold no fermata (the held E-flat is before them, the held D after): times as written
        assertNotes(expected, s.notes(), QUARTER_SECONDS);
        assertEquals(List.of(), s.holds());
        assertEquals(4.0, s.startBeat(), EPS);
        assertEquals(List.of("3", "4"), s.measures().stream().map(Measure::number).toList());
        // bar 5 alone: the D is tied in from bar 4, so nothing starts there
        InputException e = assertThrows(InputException.class,
                () -> ScoreReader.read(f, ScoreSelection.ALL.withMeasures(MeasureRange.parse("5"))));
        assertTrue(e.getMessage().contains("no notes in the selection"), e.getMessage());
    }

    @Test
    void bpmOverrideReplacesTheScoreTempo() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        Score s = ScoreReader.read(f, ScoreSelection.ALL.withPart("1").withBpm(60.0));
        assertEquals("override", s.tempoSource());
        assertNotes(BEETHOVEN_HELD, s.notes(), 1.0);
        assertNotes(BEETHOVEN, ScoreReader.read(f, ScoreSelection.ALL.withPart("1").withBpm(60.0)
                .withFermataFactor(1)).notes(), 1.0);
        Score m = ScoreReader.read(ThemeFixtures.beethoven5Midi(dir), ScoreSelection.ALL.withPart("1").withBpm(60.0));
        assertNotes(BEETHOVEN, m.notes(), 1.0);
    }

    /** {pitch, onset, duration, staff, voice, measure} of the piano part, quarter notes from bar 0. */
    private static final Object[][] PIANO = {
        {67, 0.0, 1.0, 1, "1", "0"},
        {48, 1.0, 2.0, 2, "5", "1"}, {55, 1.0, 2.0, 2, "5", "1"}, {67, 1.0, 2.0, 1, "2", "1"},
        {76, 1.0, 1.5, 1, "1", "1"},
        {74, 2.5, 0.5, 1, "1", "1"},
        {65, 3.0, 2.0, 1, "2", "1"}, {72, 3.0, 3.0, 1, "1", "1"},
        {43, 4.0, 1.0, 2, "5", "1"},
        {74, 6.0, 1 / 3.0, 1, "1", "2"}, {76, 6 + 1 / 3.0, 1 / 3.0, 1, "1", "2"},
        {77, 6 + 2 / 3.0, 1 / 3.0, 1, "1", "2"},
        {52, 7.0, 2.0, 2, "5", "2"}, {60, 7.0, 2.0, 2, "5", "2"}, {79, 7.0, 2.0, 1, "1", "2"},
        {81, 7.0, 0.0, 1, "1", "2"},  // grace note: no duration, listed where the next note starts
    };

    private static void assertPiano(Object[][] expected, List<Note> actual, double shift) {
        assertEquals(expected.length, actual.size(), actual.toString());
        for (int i = 0; i < expected.length; i++) {
            Note n = actual.get(i);
            Object[] e = expected[i];
            String at = "note " + i + " " + n;
            assertEquals(e[0], n.pitch(), at);
            assertEquals((double) e[1] - shift, n.onsetBeats(), EPS, at);
            assertEquals((double) e[2], n.durationBeats(), EPS, at);
            assertEquals(e[3], n.staff(), at);
            assertEquals(e[4], n.voice(), at);
            assertEquals(e[5], n.measure(), at);
            assertEquals("P1", n.part(), at);
            assertEquals(n.onsetBeats() * 60 / 90, n.onsetSeconds(), 1e-9, "metronome quarter = 90: " + at);
        }
    }

    @Test
    void pianoThemeStavesVoicesChordsTiesTripletGraceAndPickup() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.PIANO_THEME, dir);
        Score s = ScoreReader.read(f, ScoreSelection.ALL.withPart("Piano"));
        assertPiano(PIANO, s.notes(), 0);
        assertEquals(List.of("0", "1", "2"), s.measures().stream().map(Measure::number).toList());
        assertTrue(s.measures().get(0).implicit());
        assertEquals(List.of(0.0, 1.0, 5.0), s.measures().stream().map(Measure::startBeat).toList());
        assertEquals(9.0, s.durationBeats(), EPS);
        assertEquals("file", s.tempoSource(), "tempo from the metronome mark");
        assertEquals(90, s.tempo().bpmAt(3), EPS);
        Note grace = s.notes().stream().filter(n -> n.pitch() == 81).findFirst().orElseThrow();
        assertEquals(0.0, grace.durationSeconds(), "grace note A5 takes no time");
    }

    @Test
    void pianoThemeStaffSelection() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.PIANO_THEME, dir);
        Score left = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withStaff(2));
        assertEquals(List.of(48, 55, 43, 52, 60), left.notes().stream().map(Note::pitch).toList());
        Score right = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withStaff(1));
        assertEquals(List.of(67, 67, 76, 74, 65, 72, 74, 76, 77, 79, 81),
                right.notes().stream().map(Note::pitch).toList());
        InputException e = assertThrows(InputException.class,
                () -> ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withStaff(3)));
        assertEquals(f + ": no notes on staff 3 in part(s) P1", e.getMessage());
    }

    @Test
    void transposingHornSoundsAFifthLowerThenAnOctaveMore() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.PIANO_THEME, dir);
        Score horn = ScoreReader.read(f, ScoreSelection.ALL.withPart("Horn in F"));
        // written D5 (74) with chromatic -7 -> G4; in bar 2 also octave-change -1 -> G3
        assertEquals(List.of(67, 55), horn.notes().stream().map(Note::pitch).toList());
        assertEquals(List.of(0.0, 7.0), horn.notes().stream().map(Note::onsetBeats).toList());
        assertEquals(List.of("0", "2"), horn.notes().stream().map(Note::measure).toList());
    }

    @Test
    void pianoThemeMeasureRanges() throws IOException {
        Path f = ThemeFixtures.copy(ThemeFixtures.PIANO_THEME, dir);
        Score bar1 = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withMeasures(MeasureRange.parse("1-1")));
        List<Object[]> expected = new ArrayList<>();
        for (Object[] e : PIANO) {
            if (!e[5].equals("1")) continue;
            Object[] c = e.clone();
            if ((int) c[0] == 72) c[2] = 2.0;  // the tied C5 is cut at the end of bar 1
            expected.add(c);
        }
        assertPiano(expected.toArray(new Object[0][]), bar1.notes(), 1.0);
        Score bar2 = ScoreReader.read(f, ScoreSelection.ALL.withPart("P1").withMeasures(MeasureRange.parse("2")));
        assertTrue(bar2.notes().stream().noneMatch(n -> n.pitch() == 72), "C5 tied in from bar 1 is left out");
        assertEquals(1.0, bar2.notes().get(0).onsetBeats(), EPS, "first note starting in bar 2: D5 on beat 2");
        Score withPickup = ScoreReader.read(f, ScoreSelection.ALL.withMeasures(MeasureRange.parse("0-2")));
        assertEquals(ScoreReader.read(f, ScoreSelection.ALL).notes(), withPickup.notes());
    }

    @Test
    void unpitchedNotesAndPartsOnMidiChannel10AreIgnored() throws IOException {
        String xml = "<score-partwise><part-list>"
                + "<score-part id=\"D\"><part-name>Drum set</part-name><midi-instrument id=\"D-I1\">"
                + "<midi-channel>10</midi-channel></midi-instrument></score-part>"
                + "<score-part id=\"P\"><part-name>Piano</part-name></score-part></part-list>"
                + "<part id=\"D\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>"
                + "<note><pitch><step>C</step><octave>2</octave></pitch><duration>1</duration></note></measure></part>"
                + "<part id=\"P\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>"
                + "<note><unpitched><display-step>E</display-step><display-octave>4</display-octave></unpitched>"
                + "<duration>1</duration></note>"
                + "<note><pitch><step>A</step><octave>4</octave></pitch><duration>1</duration></note></measure></part>"
                + "</score-partwise>";
        Path f = dir.resolve("drums.musicxml");
        java.nio.file.Files.writeString(f, xml);
        Score s = ScoreReader.read(f, ScoreSelection.ALL);
        assertEquals(1, s.notes().size(), s.notes().toString());
        assertEquals(69, s.notes().get(0).pitch());
        assertEquals(1.0, s.notes().get(0).onsetBeats(), EPS, "the unpitched note takes time");
        assertEquals("default", s.tempoSource());
        assertEquals(0.5, s.notes().get(0).onsetSeconds(), EPS, "120 bpm when the file states no tempo");
    }

    @Test
    void anEmptyMeasureLastsItsTimeSignature() throws IOException {
        String note = "<note><pitch><step>C</step><octave>4</octave></pitch><duration>2</duration></note>";
        Path f = dir.resolve("empty-bar.musicxml");
        java.nio.file.Files.writeString(f, "<score-partwise><part-list><score-part id=\"P1\"/></part-list>"
                + "<part id=\"P1\"><measure number=\"1\"><attributes><divisions>2</divisions><time><beats>3</beats>"
                + "<beat-type>4</beat-type></time></attributes>" + note + note + note + "</measure>"
                + "<measure number=\"2\"/><measure number=\"3\">" + note + "</measure></part></score-partwise>");
        Score s = ScoreReader.read(f);
        assertEquals(List.of(0.0, 1.0, 2.0, 6.0), s.notes().stream().map(Note::onsetBeats).toList());
        assertEquals(List.of("1", "1", "1", "3"), s.notes().stream().map(Note::measure).toList());
    }
}
