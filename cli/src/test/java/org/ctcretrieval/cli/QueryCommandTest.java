package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctcr query} option errors, through the real command line: exit code 2, a clear message, nothing written. */
class QueryCommandTest {
    @TempDir Path dir;

    @Test
    void zeroOccurrencesAndABadTempoRangeAreUserErrors() throws Exception {
        Path theme = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        Path index = dir.resolve("index");
        CliRun r = CliRun.of("query", "-x", index.toString(), theme.toString(), "--occurrences", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--occurrences must be at least 1: 0"), r.err());
        assertEquals("", r.out());
        r = CliRun.of("query", "-x", index.toString(), theme.toString(), "--tempo-range", "4-0.25");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("tempo range must be two positive numbers, slowest first, e.g. 0.25-4: '4-0.25'"), r.err());
        assertTrue(Files.notExists(index), "nothing written");
    }
}
