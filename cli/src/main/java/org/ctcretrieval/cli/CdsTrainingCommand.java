package org.ctcretrieval.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.PrecomputedFeatures;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ctcr cds-training} (hidden): the workload from which {@code ./ctcr} records its class-data-sharing
 * archive at build time ({@code -XX:ArchiveClassesAtExit}). It runs {@code ctcr query} (plain and {@code --json})
 * on a small index of chroma made from a bundled theme, so the archive holds the classes a one-shot query loads:
 * picocli's model, the score reader, Lucene's search path and DTW. Starting from that archive, the JVM maps those
 * classes instead of loading and verifying them from the jar one by one.
 */
@Command(name = "cds-training", hidden = true, mixinStandardHelpOptions = true,
        description = "Run a one-shot query on generated data (the workload of the start-up archive).")
public final class CdsTrainingCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("ctcr-cds");
        try {
            Path theme = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, work);
            FeatureSequence score = ScoreChroma.query(theme, new ScoreSelection(null, null, null, null, 2));
            Path recordings = Files.createDirectories(work.resolve("recordings"));
            Random rnd = new Random(1);
            for (int r = 0; r < 3; r++) writeRecording(recordings.resolve("r" + r + ".csv"), score, rnd, r);
            Path index = work.resolve("index");
            new CollectionIndexer(index, new PrecomputedFeatures("cds-training", ScoreChroma.QUERY_RATE),
                    IndexSchema.forFeatures("cds-training", ScoreChroma.QUERY_RATE, 12),
                    CollectionIndexer.Options.defaults().withExtensions(Set.of("csv"))).index(recordings);
            for (String[] args : new String[][] {
                {"query", "-x", index.toString(), theme.toString()},
                {"query", "-x", index.toString(), theme.toString(), "--json"}}) {
                CommandLine cli = Main.commandLine(args[0]);
                cli.setOut(new PrintWriter(new StringWriter()));
                int code = cli.execute(args);
                if (code != 0) throw new IllegalStateException("training query failed with exit code " + code);
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return 0;
    }

    /** Random chroma with the theme's chroma inside it ({@code r} seconds in), as a 25 Hz chroma CSV. */
    private static void writeRecording(Path file, FeatureSequence theme, Random rnd, int r) throws Exception {
        StringBuilder csv = new StringBuilder();
        int before = 25 * (2 + r);
        int frames = before + theme.length() + 100;
        for (int t = 0; t < frames; t++) {
            int k = t - before;
            for (int c = 0; c < 12; c++) {
                double v = k >= 0 && k < theme.length() ? theme.frame(k)[c] : rnd.nextDouble();
                csv.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", v));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }
}
