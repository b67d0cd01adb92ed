package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ctcr models} is registered and reports bad model IDs as user errors (exit 2). */
class ModelsSubcommandTest {
    @Test
    void unknownModelIdIsAUserError() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("models", "convert", "v3_ctc_train1valid2"));
        String message = err.toString();
        assertTrue(message.startsWith("ctcr: error: unknown model ID 'v3_ctc_train1valid2'; valid IDs: v1_ctc_train1234valid5,"),
                message);
    }
}
