package org.ctcretrieval.query.eval;

import org.ctcretrieval.query.score.MeasureRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, writing and rejecting query files. */
class QueryFileTest {
    @TempDir Path dir;
    Path score;

    @BeforeEach
    void scores() throws IOException {
        Files.createDirectories(dir.resolve("scores"));
        score = Files.writeString(dir.resolve("scores/a.mxl"), "zip");
    }

    private Path tsv(String... lines) throws IOException {
        return Files.writeString(dir.resolve("q.tsv"), String.join("\n", lines) + "\n");
    }

    @Test
    void readsAllColumnsWithCommentsAndRelativePaths() throws IOException {
        Path f = tsv("# benchmark queries",
                "query_id\tscore_path\tpart\tstaff\tmeasures\trelevant",
                "",
                "q1\tscores/a.mxl\t\t\t5-12\tPiece/A, Piece/B",
                "q2\t" + score.toAbsolutePath() + "\tP1\t1\t7\tPiece/B\r");
        List<QuerySpec> qs = QueryFile.read(f);
        assertEquals(2, qs.size());
        QuerySpec q1 = qs.get(0);
        assertEquals("q1", q1.id());
        assertEquals(score.toAbsolutePath(), q1.score());
        assertEquals(Optional.empty(), q1.part());
        assertEquals(OptionalInt.empty(), q1.staff());
        assertEquals(Optional.of(new MeasureRange(5, 12)), q1.measures());
        assertEquals(List.of("Piece/A", "Piece/B"), q1.relevant());
        assertEquals(4, q1.line());
        QuerySpec q2 = qs.get(1);
        assertEquals(Optional.of("P1"), q2.part());
        assertEquals(OptionalInt.of(1), q2.staff());
        assertEquals(Optional.of(new MeasureRange(7, 7)), q2.measures());
        assertEquals(5, q2.line());
    }

    @Test
    void optionalColumnsMayBeLeftOutAndReordered() throws IOException {
        Path f = tsv("relevant\tquery_id\tscore_path", "R/1\tq\tscores/a.mxl");
        QuerySpec q = QueryFile.read(f).get(0);
        assertEquals("q", q.id());
        assertEquals(List.of("R/1"), q.relevant());
        assertEquals(Optional.empty(), q.measures());
    }

    @Test
    void writeThenReadGivesTheSameQueries() throws IOException {
        List<QuerySpec> qs = List.of(
                QuerySpec.of("q1", score, Optional.empty(), OptionalInt.empty(), Optional.of(new MeasureRange(0, 3)),
                        List.of("P/a", "P/b")),
                QuerySpec.of("q2", score, Optional.of("P1"), OptionalInt.of(2), Optional.empty(), List.of("P/c")));
        Path f = dir.resolve("out.tsv");
        QueryFile.write(f, qs);
        assertTrue(Files.readString(f).contains("q1\tscores/a.mxl\t\t\t0-3\tP/a,P/b"), "relative score path");
        List<QuerySpec> back = QueryFile.read(f);
        for (int i = 0; i < qs.size(); i++) {
            assertEquals(qs.get(i).id(), back.get(i).id());
            assertEquals(qs.get(i).score().toAbsolutePath(), back.get(i).score());
            assertEquals(qs.get(i).part(), back.get(i).part());
            assertEquals(qs.get(i).staff(), back.get(i).staff());
            assertEquals(qs.get(i).measures(), back.get(i).measures());
            assertEquals(qs.get(i).relevant(), back.get(i).relevant());
        }
    }

    private void assertError(String expected, String... lines) throws IOException {
        Path f = tsv(lines);
        InputException e = assertThrows(InputException.class, () -> QueryFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    static final String HEADER = "query_id\tscore_path\tpart\tstaff\tmeasures\trelevant";

    @Test
    void errorsNameFileLineAndProblem() throws IOException {
        assertError("line 1: header lacks the required column 'relevant'", "query_id\tscore_path");
        assertError("line 1: unknown column 'mesures'", "query_id\tscore_path\tmesures\trelevant");
        assertError("line 1: column 'staff' appears twice", "query_id\tscore_path\tstaff\tstaff\trelevant");
        assertError("line 3: expected 6 tab-separated fields as in the header, found 5",
                HEADER, "q1\tscores/a.mxl\t\t\t1-4\tA/x", "q2\tscores/a.mxl\t\t1-4\tA/x");
        assertError("line 2: score file not found: " + dir.resolve("scores/missing.mxl"),
                HEADER, "q1\tscores/missing.mxl\t\t\t1-4\tA/x");
        assertError("line 2: staff must be a whole number >= 1 (or empty for all staves): '0'",
                HEADER, "q1\tscores/a.mxl\t\t0\t1-4\tA/x");
        assertError("line 2: staff must be a whole number >= 1 (or empty for all staves): 'right'",
                HEADER, "q1\tscores/a.mxl\t\tright\t1-4\tA/x");
        assertError("line 2: measure range ends before it starts: 12-5",
                HEADER, "q1\tscores/a.mxl\t\t\t12-5\tA/x");
        assertError("line 2: invalid measure range 'five-12' (expected A-B, e.g. 5-12)",
                HEADER, "q1\tscores/a.mxl\t\t\tfive-12\tA/x");
        assertError("line 2: no relevant recordings", HEADER, "q1\tscores/a.mxl\t\t\t1-4\t");
        assertError("line 2: empty recording ID in 'relevant': 'A/x,,A/y'", HEADER, "q1\tscores/a.mxl\t\t\t1-4\tA/x,,A/y");
        assertError("line 2: recording 'A/x' listed twice", HEADER, "q1\tscores/a.mxl\t\t\t1-4\tA/x, A/x");
        assertError("line 2: empty query_id", HEADER, "\tscores/a.mxl\t\t\t1-4\tA/x");
        assertError("line 4: query_id 'q1' already used on line 2",
                HEADER, "q1\tscores/a.mxl\t\t\t1-4\tA/x", "# comment", "q1\tscores/a.mxl\t\t\t2-5\tA/x");
        assertError("no queries after the header", HEADER);
        assertError("no header line", "# only a comment");
    }

    @Test
    void transposeAndBpmColumnsAreReadCheckedAndWrittenBack() throws IOException {
        String header = HEADER + "\ttranspose\tbpm";
        Path f = tsv(header, "q1\tscores/a.mxl\t\t\t\tA/x\t-2\t72.5", "q2\tscores/a.mxl\t\t\t\tA/x\t+3\t",
                "q3\tscores/a.mxl\t\t\t\tA/x\t\t");
        List<QuerySpec> qs = QueryFile.read(f);
        assertEquals(-2, qs.get(0).transpose());
        assertEquals(java.util.OptionalDouble.of(72.5), qs.get(0).bpm());
        assertEquals(72.5, qs.get(0).selection().bpm());
        assertEquals(3, qs.get(1).transpose());
        assertEquals(java.util.OptionalDouble.empty(), qs.get(1).bpm());
        assertEquals(0, qs.get(2).transpose());
        Path out = dir.resolve("out.tsv");
        QueryFile.write(out, qs);
        assertTrue(Files.readString(out).startsWith(header + "\n"), Files.readString(out));
        assertEquals(qs.get(0).bpm(), QueryFile.read(out).get(0).bpm());
        assertEquals(-2, QueryFile.read(out).get(0).transpose());
        // without them, the six classic columns
        QueryFile.write(out, List.of(qs.get(2)));
        assertTrue(Files.readString(out).startsWith(HEADER + "\n"));
    }

    @Test
    void aBpmThatIsNotAPositiveNumberOrABadTranspositionIsAnError() throws IOException {
        String header = HEADER + "\ttranspose\tbpm";
        for (String bad : new String[] {"0", "-60", "fast", "NaN", "Infinity"}) {
            assertError("line 2: bpm must be a positive number of quarter notes per minute below 10000 (or empty for the"
                    + " score's own tempo): '" + bad + "'", header, "q1\tscores/a.mxl\t\t\t\tA/x\t\t" + bad);
        }
        assertError("line 2: transpose must be a whole number of semitones from -11 to 11 (or empty): '12'",
                header, "q1\tscores/a.mxl\t\t\t\tA/x\t12\t");
        assertError("line 2: transpose must be a whole number of semitones from -11 to 11 (or empty): '1.5'",
                header, "q1\tscores/a.mxl\t\t\t\tA/x\t1.5\t");
    }

    @Test
    void missingFileIsAnInputError() {
        Path f = dir.resolve("nope.tsv");
        InputException e = assertThrows(InputException.class, () -> QueryFile.read(f));
        assertEquals(f + ": query file not found", e.getMessage());
    }
}
