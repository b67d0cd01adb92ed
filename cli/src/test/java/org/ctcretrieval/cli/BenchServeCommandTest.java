package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench-serve on a small index: one row per concurrency level, no HTTP errors, the server's phases per level and
 * the breakdown of the HTTP overhead, both targets reported, with serve's default of one thread per search.
 */
class BenchServeCommandTest {
    @TempDir Path dir;

    @Test
    void reportsHttpNextToInProcessAt1And4And16Clients() throws Exception {
        Path audio = Files.createDirectories(dir.resolve("audio"));
        for (String name : new String[] {"Beethoven_Op067-01_DavidHighSchool.wav", "Beethoven_Op002-2-01_Pitman.wav"}) {
            Files.copy(SharedData.exampleAudio().resolve(name), audio.resolve(name));
        }
        Path index = dir.resolve("index");
        assertEquals(0, CliRun.of("index", "-i", audio.toString(), "-x", index.toString(), "--features", "cqt").code());
        CliRun r = CliRun.of("bench-serve", "-x", index.toString(), "--queries", "16", "--warmup", "4", "--excerpt", "3");
        assertEquals(0, r.code(), r.err()); // (also fails if a request-path warm-up request was not refused as expected)
        // one thread per search unless asked otherwise, as serve's default
        assertTrue(r.out().lines().anyMatch(l -> l.matches("machine .*; 1 thread\\(s\\) per search")), r.out());
        for (String clients : new String[] {"1", "4", "16"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches(clients + " +16 .* 0")), clients + " clients, no errors:\n" + r.out());
        }
        // where the HTTP requests' time went: the server's phases (from its Server-Timing header) at every level
        assertTrue(r.out().contains("clients  dispatch    read    wait   search    json    total  outside"), r.out());
        for (String clients : new String[] {"1", "4", "16"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches(clients + "( +-?\\d+\\.\\d\\d){7}")), clients + " clients' phases:\n" + r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("p50 HTTP - in process at 1 client: [-+]\\d+\\.\\d ms; by phase \\(medians\\): "
                + "search [-+]\\d+\\.\\d .* dispatch \\d+\\.\\d, read \\d+\\.\\d, wait \\d+\\.\\d, json \\d+\\.\\d, outside the server -?\\d+\\.\\d")), r.out());
        assertTrue(r.out().contains("p95 HTTP - in process at 1 client"), r.out());
        assertTrue(r.out().contains("HTTP throughput at 16 clients / at 1 client"), r.out());
    }
}
