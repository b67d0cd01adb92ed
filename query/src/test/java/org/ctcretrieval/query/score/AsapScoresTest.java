package org.ctcretrieval.query.score;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real scores of the ASAP dataset (read from the shared datasets folder; the test fails with a clear message if
 * it is missing). For pieces without repeats the notes of {@code xml_score.mxl} agree bar by bar with
 * {@code midi_score.mid} of the same piece: the multiset of pitches starting in each bar is equal, where the MIDI
 * bars are cut at the downbeat times of {@code midi_score_annotations.txt} (notes before the first downbeat form
 * the pickup bar). Two notes of the same pitch starting together (a unison of two voices) count once, since a
 * MIDI channel cannot hold them apart; grace notes are listed by both (duration 0 in MusicXML).
 */
class AsapScoresTest {

    private static Path piece(String name) {
        return SharedData.require(SharedData.datasets().resolve("asap").resolve(name), "ASAP piece " + name);
    }

    private static double[] downbeats(Path annotations) throws IOException {
        return Files.readAllLines(annotations).stream().map(l -> l.split("\t"))
                .filter(c -> c.length >= 3 && c[2].startsWith("db"))
                .mapToDouble(c -> Double.parseDouble(c[0])).toArray();
    }

    /** Sorted pitches per bar index, unisons counted once; {@code barOf} gives the bar of a note. */
    private static TreeMap<Integer, List<Integer>> byBar(List<Note> notes, java.util.function.ToIntFunction<Note> barOf) {
        TreeMap<Integer, List<Integer>> out = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Note n : notes) {
            boolean grace = n.durationBeats() == 0;  // never a unison: MIDI plays it apart from the main note
            if (!grace && !seen.add(n.pitch() + "@" + Math.round(n.onsetSeconds() * 1000))) continue;
            out.computeIfAbsent(barOf.applyAsInt(n), k -> new ArrayList<>()).add(n.pitch());
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    private static int floorIndex(double[] starts, double x) {
        int i = Arrays.binarySearch(starts, x);
        return i >= 0 ? i : -i - 2;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bach/Prelude/bwv_846", "Bach/Fugue/bwv_876", "Chopin/Etudes_op_10/4",
        "Beethoven/Piano_Sonatas/21-2"})
    void musicXmlAgreesWithScoreMidiBarByBar(String name) throws IOException {
        Path dir = piece(name);
        Score xml = ScoreReader.read(dir.resolve("xml_score.mxl"), ScoreSelection.ALL);
        Score mid = ScoreReader.read(dir.resolve("midi_score.mid"), ScoreSelection.ALL);
        double[] db = downbeats(dir.resolve("midi_score_annotations.txt"));
        double[] xmlStarts = xml.measures().stream().mapToDouble(Measure::startBeat).toArray();
        int pickup = xml.measures().size() - db.length;
        assertTrue(pickup == 0 || pickup == 1, name + ": " + xml.measures().size() + " measures vs " + db.length
                + " downbeats");
        double tol = 1e-3;
        TreeMap<Integer, List<Integer>> x = byBar(xml.notes(), n -> floorIndex(xmlStarts, n.onsetBeats() + 1e-6));
        TreeMap<Integer, List<Integer>> m = byBar(mid.notes(), n -> floorIndex(db, n.onsetSeconds() + tol) + pickup);
        List<String> diff = new ArrayList<>();
        for (int bar = 0; bar < xml.measures().size(); bar++) {
            List<Integer> a = x.getOrDefault(bar, List.of());
            List<Integer> b = m.getOrDefault(bar, List.of());
            if (!a.equals(b)) diff.add("measure " + xml.measures().get(bar).number() + ": xml " + a + " midi " + b);
        }
        assertEquals(List.of(), diff.subList(0, Math.min(diff.size(), 5)), name + ": " + diff.size() + " bars differ");
        System.out.printf(Locale.ROOT, "%s: %d measures, %d notes, MusicXML and score MIDI agree in every bar%n", name,
                xml.measures().size(), xml.notes().size());
    }

    /** Number of {@code <measure} elements of the first part, counted in the raw text of the .mxl. */
    private static int measureElementsOfFirstPart(Path mxl) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(mxl.toFile())) {
            var entry = zip.stream().filter(e -> e.getName().endsWith("xml") && !e.getName().startsWith("META-INF"))
                    .findFirst().orElseThrow();
            String text = new String(zip.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int end = text.indexOf("</part>");
            return (int) java.util.regex.Pattern.compile("<measure[ >]").matcher(text.substring(0, end)).results().count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Beethoven/Piano_Sonatas/7-3", "Beethoven/Piano_Sonatas/11-3"})
    void scoresWithRepeatsAreReadOnceInFileOrder(String name) throws IOException {
        Path dir = piece(name);
        Path mxl = dir.resolve("xml_score.mxl");
        Score all = ScoreReader.read(mxl, ScoreSelection.ALL);
        assertEquals(measureElementsOfFirstPart(mxl), all.measures().size(), "repeats are not unfolded");
        double[] db = downbeats(dir.resolve("midi_score_annotations.txt"));
        assertTrue(db.length > all.measures().size(), "the score MIDI has the repeats unfolded: " + db.length);

        Score sel = ScoreReader.read(mxl, ScoreSelection.ALL.withStaff(1).withMeasures(MeasureRange.parse("2-8")));
        double start = sel.startBeat();
        List<Note> expected = all.notes().stream()
                .filter(n -> n.staff() == 1)
                .filter(n -> n.onsetBeats() >= start - 1e-9 && n.onsetBeats() < start + sel.durationBeats() - 1e-9)
                .toList();
        assertEquals(expected.size(), sel.notes().size());
        for (int i = 0; i < expected.size(); i++) {
            Note e = expected.get(i);
            Note a = sel.notes().get(i);
            assertEquals(e.pitch(), a.pitch());
            assertEquals(e.onsetBeats() - start, a.onsetBeats(), 1e-9);
            assertEquals(e.onsetSeconds() - all.tempo().seconds(start), a.onsetSeconds(), 1e-9);
            assertTrue(a.offsetBeats() <= sel.durationBeats() + 1e-9, "cut at the end of bar 8");
            int bar = all.measures().stream().filter(m -> m.number().equals(a.measure())).findFirst().orElseThrow()
                    .numeric();
            assertTrue(bar >= 2 && bar <= 8, a.toString());
        }
        assertEquals(List.of("2", "3", "4", "5", "6", "7", "8"),
                sel.measures().stream().map(Measure::number).distinct().toList());
        System.out.printf(Locale.ROOT, "%s: %d measures in the score, %d bars in the unfolded score MIDI; bars 2-8 staff 1: %d "
                + "notes, %.2f s%n", name, all.measures().size(), db.length, sel.notes().size(), sel.durationSeconds());
    }

    /**
     * Stronger check where the score MIDI plays exactly what is written (no arpeggios or grace notes): every note
     * (unisons once) has the same onset in beats and seconds and the same pitch; durations of notes that no other
     * note of the same pitch overlaps agree to 0.01 quarter (the score MIDI ends each note a tick early). The
     * score MIDI plays fermatas as written, so the MusicXML is read with fermatas ignored (factor 1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"Bach/Prelude/bwv_846", "Bach/Fugue/bwv_876"})
    void musicXmlAgreesWithScoreMidiNoteForNote(String name) throws IOException {
        Path dir = piece(name);
        Score xml = ScoreReader.read(dir.resolve("xml_score.mxl"), ScoreSelection.ALL.withFermataFactor(1));
        Score mid = ScoreReader.read(dir.resolve("midi_score.mid"), ScoreSelection.ALL);
        TreeMap<String, Note> x = new TreeMap<>();
        TreeMap<String, Note> m = new TreeMap<>();
        java.util.Set<String> unisons = new java.util.HashSet<>();
        for (Note n : xml.notes()) {
            String key = String.format(Locale.ROOT, "%010.3f %03d", n.onsetBeats(), n.pitch());
            if (x.putIfAbsent(key, n) != null) unisons.add(key);
            // re-struck while sounding: the score MIDI ends the note at the new Note On
            boolean restruck = xml.notes().stream().anyMatch(o -> o.pitch() == n.pitch()
                    && o.onsetBeats() > n.onsetBeats() + 1e-6 && o.onsetBeats() < n.offsetBeats() - 1e-6);
            if (restruck) unisons.add(key);
        }
        for (Note n : mid.notes()) m.putIfAbsent(String.format(Locale.ROOT, "%010.3f %03d", n.onsetBeats(), n.pitch()), n);
        assertEquals(x.keySet(), m.keySet());
        for (String k : x.keySet()) {
            assertEquals(x.get(k).onsetSeconds(), m.get(k).onsetSeconds(), 1e-3, k);
            // which of two overlapping same-pitch notes a MIDI Note Off ends is not recorded in the file
            if (!unisons.contains(k)) assertEquals(x.get(k).durationBeats(), m.get(k).durationBeats(), 0.01, k);
        }
        System.out.printf(Locale.ROOT, "%s: %d distinct (onset, pitch) notes identical in MusicXML and score MIDI%n", name,
                x.size());
    }
}
