package org.ctcretrieval.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ctcr} executable: one Picocli command with a subcommand per job. */
@Command(
        name = "ctcr",
        mixinStandardHelpOptions = true,
        version = "ctc-retrieval 0.1.0",
        usageHelpAutoWidth = true,
        description = {
            "Cross-modal music retrieval: index audio recordings, then find the recordings (and the time span "
                    + "inside them) that play a theme given as a score snippet (MusicXML, .mxl or MIDI).",
            "",
            "Shared data (model checkpoints, example recordings, datasets) is read from CTCR_SHARED (default "
                    + "../shared next to the repository); checkpoints alone may be redirected with "
                    + "CTC_CHROMA_MODELS, datasets with CTCR_DATASETS.",
            ""
        },
        footer = {"", "Run 'ctcr help COMMAND' or 'ctcr COMMAND --help' for the options of a command."},
        subcommands = {CommandLine.HelpCommand.class})
public final class Main {

    /** Subcommands contributed by the modules; order is the order shown by --help. */
    static List<Object> subcommands() {
        return List.of(
                new ChromaCommand(),
                new PlotCommand(),
                new org.ctcretrieval.cli.ScoreCommand(),
                new org.ctcretrieval.cli.IndexCommand(),
                new org.ctcretrieval.cli.RemoveCommand(),
                new org.ctcretrieval.cli.QueryCommand(),
                new org.ctcretrieval.cli.EvaluateCommand(org.ctcretrieval.query.eval.SearchSystem::open),
                new SolrCommand(),
                new org.ctcretrieval.cli.ModelsCommand(),
                new DemoCommand(),
                new BenchCommand(),
                new org.ctcretrieval.cli.BenchSearchCommand(),
                new BenchClusterCommand(),
                new org.ctcretrieval.cli.BenchBuildCommand(),
                new org.ctcretrieval.cli.BenchTableCommand());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (Object sub : subcommands()) cli.addSubcommand(sub);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            // Bad input (InputException is an IOException naming the file), bad options or an unusable setup:
            // one line for the user, no stack trace.
            if (ex instanceof java.io.IOException || ex instanceof IllegalArgumentException
                    || ex instanceof IllegalStateException) {
                cmd.getErr().println("ctcr: error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
