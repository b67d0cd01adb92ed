package org.ctcretrieval.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.query.score.Note;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.testdata.NoteRenderer;
import org.ctcretrieval.testdata.NoteRenderer.NoteEvent;
import org.ctcretrieval.testdata.WavWriter;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ctcr demo}: indexes the two real example recordings plus rendered fixture clips, then searches the opening
 * of Beethoven's Fifth (a hand-entered MusicXML theme) and prints the ranking.
 */
@Command(name = "demo", header = "Index the example recordings and fixtures, then search the Op. 67 theme.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "End-to-end demonstration in WORKDIR: (1) a collection of the two real example recordings "
                    + "(CTCR_SHARED/ctc_chroma/audio: Beethoven Op. 67 by an orchestra, Op. 2 no. 2 on piano) and "
                    + "three synthesized distractor clips rendered from score fixtures (the Op. 67 motif a fourth "
                    + "higher, a two-staff piano theme, and the motif's rhythm on other pitches); (2) 'ctcr index' "
                    + "with the chosen features; (3) 'ctcr query' with the Op. 67 opening as MusicXML, indexed and exhaustive; "
                    + "(4) a plot of the best match. Re-running reuses the index (unchanged files are skipped).",
            ""
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", defaultValue = "demo-work",
            description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path workdir;

    @Option(names = {"-f", "--features"}, paramLabel = "ID", defaultValue = "v2_ctc_train345valid1",
            description = "cqt, cens or a model ID (default: ${DEFAULT-VALUE}).")
    String features;

    /**
     * The demo owns its index: one left by an earlier version of the program (another index format) or damaged
     * is deleted, so the demo rebuilds it instead of stopping at the format check.
     */
    private static void discardUnusableIndex(Path index, java.io.PrintWriter out) throws java.io.IOException {
        if (!Files.isDirectory(index)) return;
        try (var snapshot = org.ctcretrieval.indexer.IndexSnapshot.open(index)) {
            return;
        } catch (java.io.IOException e) {
            out.println("== rebuilding " + index + " (" + e.getMessage() + ")");
        }
        try (var paths = Files.walk(index)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path collection = Files.createDirectories(workdir.resolve("collection"));
        Path themes = Files.createDirectories(workdir.resolve("themes"));
        Path index = workdir.resolve("index-" + features);
        Path examples = SharedData.require(SharedData.exampleAudio(), "example recordings");
        for (String name : List.of("Beethoven_Op067-01_DavidHighSchool.wav", "Beethoven_Op002-2-01_Pitman.wav")) {
            Files.copy(SharedData.require(examples.resolve(name), "example recording"), collection.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path theme = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, themes);
        Path piano = ThemeFixtures.copy(ThemeFixtures.PIANO_THEME, themes);
        List<Note> motif = ScoreReader.read(theme).notes();
        render(collection.resolve("fixture_motif_up_a_fourth.wav"), motif, 5, null);
        render(collection.resolve("fixture_piano_theme.wav"), ScoreReader.read(piano).notes(), 0, null);
        render(collection.resolve("fixture_motif_rhythm_other_pitches.wav"), motif, 0, new int[] {0, 4, 7, 12});

        var out = spec.commandLine().getOut();
        out.println("== collection: " + collection);
        try (var files = Files.list(collection)) {
            files.sorted().forEach(f -> out.println("   " + f.getFileName()));
        }
        discardUnusableIndex(index, out);
        CommandLine cli = Main.commandLine();
        // the steps print where the demo prints
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        int code = step(cli, out, "index", "-i", collection.toString(), "-x", index.toString(), "--features", features);
        if (code != 0) return code;
        code = step(cli, out, "query", "-x", index.toString(), theme.toString(), "--top", "5");
        if (code != 0) return code;
        // The candidate stage lists only recordings that share search terms with the theme; DTW against every
        // recording shows how far behind the others are.
        code = step(cli, out, "query", "-x", index.toString(), theme.toString(), "--top", "5", "--exhaustive");
        if (code != 0) return code;
        Path png = workdir.resolve("op67.png");
        code = step(cli, out, "plot", collection.resolve("Beethoven_Op067-01_DavidHighSchool.wav").toString(),
                "-o", png.toString(), "--features", features.equals("cens") ? "cqt" : features);
        if (code != 0) return code;
        out.println("== next");
        out.println("   open the plot:        " + png);
        out.println("   search in a browser:  ./ctcr serve -x " + index + "   then open http://127.0.0.1:8080/");
        out.println("   index your own music: ./ctcr index -i ~/Music -x my-index      (WAV, FLAC, MP3, ...; re-run to update)");
        out.println("   search your theme:    ./ctcr query -x my-index THEME.musicxml   (.mxl or .mid too; --measures 1-4 cuts it)");
        out.println("   every command:        ./ctcr --help");
        out.flush();
        return 0;
    }

    /** Runs one ctcr command as a demo step, announced before and timed after. */
    private static int step(CommandLine cli, java.io.PrintWriter out, String... args) {
        out.println("== ctcr " + String.join(" ", args));
        out.flush();
        long t0 = System.nanoTime();
        int code = cli.execute(args);
        out.printf(java.util.Locale.ROOT, "   (%s took %.1f s)%n", args[0], (System.nanoTime() - t0) / 1e9);
        out.flush();
        return code;
    }

    /**
     * Renders {@code notes} shifted by {@code transpose} semitones; with {@code pitchCycle}, the i-th distinct onset
     * gets pitch 60 + pitchCycle[i % n] instead (same rhythm, other melody).
     */
    private static void render(Path wav, List<Note> notes, int transpose, int[] pitchCycle) throws Exception {
        List<NoteEvent> events = new ArrayList<>();
        int i = 0;
        for (Note n : notes) {
            int pitch = pitchCycle == null ? n.pitch() + transpose : 60 + pitchCycle[i++ % pitchCycle.length];
            events.add(new NoteEvent(n.onsetSeconds(), Math.max(0.05, n.durationSeconds()), pitch, 0.7));
        }
        WavWriter.write(wav, AudioLoader.PRODUCT_RATE, WavWriter.Encoding.PCM_16,
                NoteRenderer.render(events, 0.5, AudioLoader.PRODUCT_RATE));
    }
}
