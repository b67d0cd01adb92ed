package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What makes one-shot commands start fast: only the called subcommand is modelled; the archive workload runs. */
class StartupTest {
    @Test
    void aNamedCommandIsModelledAloneAndEverythingElseSeesAll() {
        assertEquals(Set.of("help", "query"), Main.commandLine("query").getSubcommands().keySet());
        int all = Main.commandLine().getSubcommands().size();
        assertTrue(all > 10, "every subcommand: " + all);
        assertEquals(all, Main.commandLine("help").getSubcommands().size());
        assertEquals(all, Main.commandLine("no-such-command").getSubcommands().size());
        assertEquals(all, Main.commandLine(null).getSubcommands().size());
    }

    @Test
    void theHelpListsEveryCommandButNotTheArchiveWorkload() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine("--help");
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("bench-index"), out.toString());
        assertTrue(!out.toString().contains("cds-training"), out.toString());
    }

    @Test
    void theArchiveWorkloadQueriesSuccessfully() {
        CommandLine cli = Main.commandLine("cds-training");
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute("cds-training"), err.toString());
    }
}
