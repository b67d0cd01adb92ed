package org.ctcretrieval.query.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench-search} refuses inconsistent options and unreadable sources with a message naming the problem. */
class BenchSearchCommandTest {
    @TempDir Path tmp;

    private static String[] run(String... args) {
        CommandLine cli = new CommandLine(new BenchSearchCommand());
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("ctcr: error: " + ex.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    private static void assertRefused(String[] r, String expected) {
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains(expected), r[1]);
    }

    @Test
    void inconsistentOptionsAreRefused() throws Exception {
        assertRefused(run("--reuse-index"), "--reuse-index needs --index DIR");
        assertRefused(run("--from-index", tmp.toString()), "--from-index and --query-file go together");
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        assertRefused(run("--index", existing.toString()), existing + ": already exists");
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
        String[] r = run("--from-index", noIndex.toString(), "--query-file", queries.toString());
        assertRefused(r, noIndex.toString());
    }
}
