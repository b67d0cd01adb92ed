package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders cleanly: picocli reports format errors (e.g. a bare '%') only as warnings. */
class HelpTextTest {
    @Test
    void everyUsageMessageFormatsWithoutWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringBuilder usage = new StringBuilder();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            render(Main.commandLine(), usage);
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
        assertTrue(usage.toString().contains("Usage: ctcr bench-build"), "every subcommand rendered");
    }

    private static void render(CommandLine cli, StringBuilder usage) {
        usage.append(cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine sub : cli.getSubcommands().values()) render(sub, usage);
    }
}
