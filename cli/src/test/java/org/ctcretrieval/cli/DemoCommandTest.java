package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end with classic chroma (no model needed), over a work folder an older version left behind. */
class DemoCommandTest {
    @TempDir Path dir;

    @Test
    void demoRebuildsAnUnusableIndexAndFindsTheOp67Recording() throws Exception {
        Path stale = Files.createDirectories(dir.resolve("index-cqt"));
        Files.writeString(stale.resolve("segments_1"), "not a Lucene index");
        CliRun r = CliRun.of("demo", "-w", dir.toString(), "-f", "cqt");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== rebuilding " + stale), r.out());
        String exhaustive = r.out().substring(r.out().indexOf("--exhaustive"));
        String first = exhaustive.lines().filter(l -> l.trim().startsWith("1 ")).findFirst().orElseThrow();
        assertTrue(first.contains("Beethoven_Op067-01_DavidHighSchool.wav"), r.out());
        assertTrue(Files.size(dir.resolve("op67.png")) > 10_000, "plot written");
        assertTrue(r.out().contains("./ctcr serve -x " + dir.resolve("index-cqt")), "the demo points to the search page");
    }
}
