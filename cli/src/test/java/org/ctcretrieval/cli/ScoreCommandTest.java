package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctcr score} through the real command line: table, JSON, CSV chroma and error reporting. */
class ScoreCommandTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void printsTheNoteTable() throws Exception {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        CliRun r = run("score", f.toString(), "--part", "Violin I");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2 + 8, lines.size(), r.out());
        assertTrue(lines.get(0).contains("tempo file (216 bpm at the start); 2 fermata hold(s) x2; 5 measures (1-5)"),
                lines.get(0));
        assertEquals(List.of("0.5000", "0.5000", "0.1389", "0.1389", "67", "G4", "P1", "1", "1", "1"),
                List.of(lines.get(2).trim().split("\\s+")));
        // the fermata E-flat: 2 quarters held twice as long, 4 x 60/216 s = 1.1111 s
        assertEquals(List.of("2.0000", "2.0000", "0.5556", "1.1111", "63", "D#4", "P1", "1", "1", "2"),
                List.of(lines.get(5).trim().split("\\s+")));
        // the first F follows 2 quarters (0.5556 s) later than written
        assertEquals("1.8056", lines.get(6).trim().split("\\s+")[2]);
    }

    @Test
    void fermataOneGivesTheWrittenTimes() throws Exception {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        CliRun r = run("score", f.toString(), "--part", "P1", "--fermata", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1.0, doc.get("fermataFactor").asDouble());
        assertEquals(2, doc.get("holds").size());
        assertEquals(8.0, doc.get("holds").get(1).get("startBeat").asDouble());
        assertEquals(10.0, doc.get("holds").get(1).get("endBeat").asDouble());
        JsonNode eFlat = doc.get("notes").get(3);
        assertEquals(63, eFlat.get("pitch").asInt());
        assertEquals(2 * 60.0 / 216, eFlat.get("durationSeconds").asDouble(), 1e-9);
        assertEquals(4.5 * 60.0 / 216, doc.get("notes").get(4).get("onsetSeconds").asDouble(), 1e-9);
        assertEquals(10 * 60.0 / 216, doc.get("durationSeconds").asDouble(), 1e-9);
    }

    @Test
    void invalidFermataFactorIsAnError() throws Exception {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        CliRun r = run("score", f.toString(), "--fermata", "0");
        assertEquals(2, r.code());
        assertEquals("ctcr: error: fermata factor must be a finite number > 0 (1 = ignore fermatas, default 2.0): 0.0",
                r.err().strip());
        CliRun q = run("query", "-x", dir.resolve("no-index").toString(), f.toString(), "--fermata", "-1");
        assertEquals(2, q.code());
        assertTrue(q.err().contains("fermata factor must be a finite number > 0"), q.err());
    }

    @Test
    void jsonAndCsvChroma() throws Exception {
        Path f = ThemeFixtures.mxl(ThemeFixtures.BEETHOVEN5, dir);
        Path csv = dir.resolve("theme.csv");
        CliRun r = run("score", f.toString(), "--part", "2", "--measures", "1-2", "--bpm", "60", "--json",
                "-o", csv.toString(), "--rate", "10");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("mxl", doc.get("format").asText());
        assertEquals("override", doc.get("tempoSource").asText());
        assertEquals(4, doc.get("notes").size());
        assertEquals(63, doc.get("notes").get(3).get("pitch").asInt());
        assertEquals(2.0, doc.get("notes").get(3).get("onsetSeconds").asDouble(), 1e-9);
        // first onset 0.5 s; the fermata E-flat (beats 2-4) held twice as long at 60 bpm ends at 2 + 4 s:
        // 5.5 s at 10 Hz
        assertEquals(6.0, doc.get("durationSeconds").asDouble(), 1e-9);
        assertEquals(55, doc.get("chroma").get("frames").asInt());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B", rows.get(0));
        assertEquals(56, rows.size());
        double[] first = java.util.Arrays.stream(rows.get(1).split(",")).mapToDouble(Double::parseDouble).toArray();
        assertEquals(13, first.length);
        for (int k = 0; k < 13; k++) assertEquals(k == 8 ? 1.0 : 0.0, first[k], 1e-9, "column " + k); // time 0, G
    }

    @Test
    void badInputIsReportedWithExitCode2() throws Exception {
        Path f = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        CliRun r = run("score", f.toString(), "--measures", "3-12");
        assertEquals(2, r.code());
        assertEquals("ctcr: error: " + f + ": measures 3-12 are outside the piece (measures 1-5)",
                r.err().strip());
        CliRun npz = run("score", f.toString(), "-o", dir.resolve("x.txt").toString());
        assertEquals(2, npz.code());
        assertTrue(npz.err().contains("unsupported output format"), npz.err());
    }
}
