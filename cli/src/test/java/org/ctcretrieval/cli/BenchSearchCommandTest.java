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
