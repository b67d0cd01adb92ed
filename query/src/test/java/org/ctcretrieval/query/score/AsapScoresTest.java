package org.ctcretrieval.query.score;

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
        System.out.printf("%s: %d measures, %d notes, MusicXML and score MIDI agree in every bar%n", name,
                xml.measures().size(), xml.notes().size());
    }
}
