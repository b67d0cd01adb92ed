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
        assertTrue(lines.get(0).contains("tempo file (216 bpm at the start); 5 measures (1-5)"), lines.get(0));
        assertEquals(List.of("0.5000", "0.5000", "0.1389", "0.1389", "67", "G4", "P1", "1", "1", "1"),
                List.of(lines.get(2).trim().split("\\s+")));
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
        // first onset 0.5 s, last offset 4 s at 60 bpm: 3.5 s at 10 Hz
        assertEquals(35, doc.get("chroma").get("frames").asInt());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B", rows.get(0));
        assertEquals(36, rows.size());
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
