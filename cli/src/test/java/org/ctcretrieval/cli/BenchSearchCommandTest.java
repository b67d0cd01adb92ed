package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench-search} refuses inconsistent options and unreadable sources with a message naming the problem. */
class BenchSearchCommandTest {
    @TempDir Path tmp;

    private static CommandLineTest.Run run(String... args) {
        return CommandLineTest.run(new BenchSearchCommand(), args);
    }

    private static void assertRefused(CommandLineTest.Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void inconsistentOptionsAreRefused() throws Exception {
        assertRefused(run("--reuse-index"), "--reuse-index needs --index DIR");
        assertRefused(run("--from-index", tmp.toString()), "--from-index and --query-file go together");
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        assertRefused(run("--index", existing.toString()), existing + ": already exists");
        assertRefused(run("--warmup", "-1"), "--warmup and --exhaustive-queries at least 0");
        assertRefused(run("--queries", "0"), "--queries must be at least 1");
    }

    @Test
    void withoutExhaustiveQueriesTheReportSaysSoInsteadOfPrintingNaN() {
        CommandLineTest.Run r = run("--hours", "0.05", "--queries", "3", "--warmup", "2", "--exhaustive-queries", "0",
                "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 queries after 2 warm-up queries"), r.out());
        assertTrue(r.out().contains("exhaustive      not run"), r.out());
        assertTrue(!r.out().contains("NaN"), r.out());
    }

    @Test
    void exhaustiveRankingsAreKeptAndReusedAndTheLossIsBrokenDown() {
        Path index = tmp.resolve("bench-index");
        String[] args = {"--hours", "0.05", "--queries", "3", "--warmup", "0", "--exhaustive-queries", "2", "--threads", "1",
            "--index", index.toString(), "--reuse-index", "--candidate-cuts", "1,5"};
        CommandLineTest.Run first = run(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("exhaustive      2 queries: p50"), first.out());
        assertTrue(first.out().matches("(?s).*indexed top-10 keeps [0-9.]+ of the relevant recordings in the exhaustive top-10 .*"), first.out());
        assertTrue(first.out().contains("by candidate count: 1: "), first.out());
        assertTrue(first.out().contains("field sh1 alone (written key): 1: "), first.out());
        CommandLineTest.Run second = run(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("2 queries, rankings of an earlier run on this index (not timed)"), second.out());
        assertEquals(line(first.out(), "candidate recall of the relevant"), line(second.out(), "candidate recall of the relevant"));
        CommandLineTest.Run reference = run("--hours", "0.05", "--queries", "3", "--warmup", "0", "--exhaustive-queries", "2",
                "--threads", "1", "--index", index.toString(), "--reuse-index", "--reference-candidates", "50");
        assertEquals(0, reference.code(), reference.err());
        assertTrue(reference.out().contains("stand in for the exhaustive top 10"), reference.out());
        assertTrue(reference.out().contains("in the reference top-10"), reference.out());
        assertRefused(run("--neighbour-candidates", "-1"), "--neighbour-candidates must be at least 0");
        assertRefused(run("--candidate-cuts", "0"), "--candidate-cuts must be positive");
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(text));
    }

    @Test
    void unreadableSourcesAreNamed() throws Exception {
        Path missingQueries = tmp.resolve("missing.tsv");
        assertRefused(run("--from-index", tmp.toString(), "--query-file", missingQueries.toString()),
                missingQueries + ": query file not found");
        Path score = Files.writeString(tmp.resolve("theme.mid"), "not read by this test");
        Path queries = Files.writeString(tmp.resolve("queries.tsv"),
                "query_id\tscore_path\trelevant\nq1\t" + score.getFileName() + "\tpiece/rec1\n");
        Path noIndex = tmp.resolve("no-index");
        assertRefused(run("--from-index", noIndex.toString(), "--query-file", queries.toString()), noIndex.toString());
    }
}
