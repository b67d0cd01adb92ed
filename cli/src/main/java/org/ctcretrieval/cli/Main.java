package org.ctcretrieval.cli;

import java.util.List;
import org.ctcretrieval.common.UserError;
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
                new org.ctcretrieval.cli.EvaluateCommand(
                        (EvaluateCommand.ModelledSystems) org.ctcretrieval.query.eval.SearchSystem::open),
                new ServeCommand(),
                new SolrCommand(),
                new org.ctcretrieval.cli.ModelsCommand(),
                new DemoCommand(),
                new BenchCommand(),
                new BenchIndexCommand(),
                new CdsTrainingCommand(),
                new org.ctcretrieval.cli.BenchSearchCommand(),
                new BenchServeCommand(),
                new BenchClusterCommand(),
                new org.ctcretrieval.cli.BenchBuildCommand(),
                new org.ctcretrieval.cli.BenchTableCommand(),
                new BenchAudioCommand());
    }

    /** Exit status of an internal fault (BSD sysexits EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    /**
     * Errors the user can fix: an {@link java.io.IOException} (a bad or unreadable file, which
     * {@link org.ctcretrieval.common.InputException} names, or a file system refusal naming the path) and the
     * exceptions marked {@link UserError}. Any other exception is an internal fault.
     */
    static boolean isUserError(Throwable ex) {
        return ex instanceof java.io.IOException || ex instanceof UserError;
    }

    /** The command line with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with only subcommand {@code name} if one is called so, else with every subcommand. Building
     * picocli's model of a command costs class loading and reflection, so a one-shot command such as {@code query}
     * starts faster without the models of the other twelve; help and unknown names see them all.
     */
    static CommandLine commandLine(String name) {
        CommandLine cli = new CommandLine(new Main());
        List<Object> subs = subcommands();
        List<Object> named = subs.stream().filter(sub -> commandName(sub).equals(name)).toList();
        for (Object sub : named.isEmpty() ? subs : named) cli.addSubcommand(sub);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (isUserError(ex)) {
                // a bad file (InputException names it), a bad option value, a missing tool or data folder
                cmd.getErr().println("ctcr: error: " + ex.getMessage());
                return 2;
            }
            // anything else is a fault of ctcr itself: show where, and ask for a report
            cmd.getErr().println("ctcr: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            cmd.getErr().println("ctcr: this is a bug in ctcr, not a problem with your input; please report it with "
                    + "the command line and the trace above.");
            return INTERNAL_ERROR;
        });
        return cli;
    }

    private static String commandName(Object command) {
        Command c = command.getClass().getAnnotation(Command.class);
        return c == null ? "" : c.name();
    }

    public static void main(String[] args) {
        int code = commandLine(args.length > 0 ? args[0] : null).execute(args);
        System.exit(code);
    }
}
