package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.io.CsvFeatureWriter;
import org.ctcretrieval.indexer.FeatureExtractorRegistry;
import org.ctcretrieval.indexer.PrecomputedFeatures;
import org.ctcretrieval.cli.IndexCommand;
import org.ctcretrieval.cli.RemoveCommand;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Work;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** index -> query --json -> remove through the command classes, on chroma CSV files as the collection. */
class CommandLineTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    /** Runs a command as {@code ctcr} does (exception handler included), capturing its exit code and streams. */
    static Run run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("ctcr: error: " + ex.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void indexQueryJsonAndRemove() throws Exception {
        Random rnd = new Random(4);
        Path audio = tmp.resolve("audio");
        java.nio.file.Files.createDirectories(audio);
        Work theme = null;
        double offset = 0;
        for (int r = 0; r < 6; r++) {
            Work w = SyntheticMusic.randomWork(rnd, 50);
            if (r == 2) theme = w;
            float[][] before = SyntheticMusic.filler(rnd, 12 + r, 25);
            if (r == 2) offset = before.length / 25.0;
            float[][] frames = SyntheticMusic.concat(java.util.List.of(before,
                    SyntheticMusic.render(w, 0, w.duration(), Performance.random(rnd, 1.0, 0), 25)));
            CsvFeatureWriter.write(audio.resolve("rec" + r + ".csv"), new FeatureSequence("pre", 25, frames));
        }
        FeatureExtractorRegistry registry = new FeatureExtractorRegistry().register("pre", () -> new PrecomputedFeatures("pre", 25));
        Path index = tmp.resolve("index");
        Run idx = run(new IndexCommand(registry), "-i", audio.toString(), "-x", index.toString(), "--features", "pre",
                "--extensions", "csv", "--no-progress");
        assertEquals(0, idx.code(), idx.err());
        assertTrue(idx.out().contains("indexed 6 new, 0 changed, 0 unchanged, 0 moved, 0 removed, 0 failed; 6 recordings"), idx.out());

        Path query = tmp.resolve("theme.csv");
        CsvFeatureWriter.write(query, new FeatureSequence("score", 10, SyntheticMusic.render(theme, 10, 22, Performance.score(), 10)));
        Run q = run(new QueryCommand(), "-x", index.toString(), "--query-features", query.toString(), "--json", "--top", "3");
        assertEquals(0, q.code(), q.err());
        JsonNode results = new ObjectMapper().readTree(q.out()).get("results");
        assertTrue(results.size() >= 1 && results.size() <= 3, "at most --top results: " + results);
        JsonNode best = results.get(0);
        assertEquals(1, best.get("rank").asInt());
        assertEquals(audio.resolve("rec2.csv").toAbsolutePath().normalize().toString(), best.get("path").asText());
        assertEquals(offset + 10, best.get("start").asDouble(), 1.0);
        assertEquals(offset + 22, best.get("end").asDouble(), 1.0);
        for (int i = 1; i < results.size(); i++) assertTrue(best.get("cost").asDouble() <= results.get(i).get("cost").asDouble());
        assertTrue(best.get("candidateScore").asDouble() > 0);

        Run missingTheme = run(new QueryCommand(), "-x", index.toString(), tmp.resolve("theme.musicxml").toString());
        assertEquals(2, missingTheme.code());
        assertTrue(missingTheme.err().contains("theme.musicxml: no such file"), missingTheme.err());

        Run missingIndex = run(new QueryCommand(), "-x", tmp.resolve("nope").toString(), "--query-features", query.toString());
        assertEquals(2, missingIndex.code());
        assertTrue(missingIndex.err().contains("nope: index folder does not exist"), missingIndex.err());

        Run rm = run(new RemoveCommand(), "-x", index.toString(), audio.resolve("rec2.csv").toString());
        assertEquals(0, rm.code(), rm.err());
        assertTrue(rm.out().contains("removed 1 recording(s)"), rm.out());
        Run q2 = run(new QueryCommand(), "-x", index.toString(), "--query-features", query.toString(), "--json");
        for (JsonNode h : new ObjectMapper().readTree(q2.out()).get("results")) {
            assertNotEquals(audio.resolve("rec2.csv").toAbsolutePath().normalize().toString(), h.get("path").asText());
        }

        Run wrongSetup = run(new IndexCommand(registry), "-i", audio.toString(), "-x", index.toString(), "--features", "pre",
                "--extensions", "csv", "--rate", "5", "--no-progress");
        assertEquals(2, wrongSetup.code());
        assertTrue(wrongSetup.err().contains("retrieval rate: index has 10.0 Hz, requested 5.0 Hz"), wrongSetup.err());
    }

    @Test
    void fusedIndexQueryAndItsErrors() throws Exception {
        Random rnd = new Random(9);
        Path audio = java.nio.file.Files.createDirectories(tmp.resolve("audio"));
        Work theme = null;
        for (int r = 0; r < 5; r++) {
            Work w = SyntheticMusic.randomWork(rnd, 40);
            if (r == 1) theme = w;
            float[][] frames = SyntheticMusic.concat(java.util.List.of(SyntheticMusic.filler(rnd, 8, 25),
                    SyntheticMusic.render(w, 0, w.duration(), Performance.random(rnd, 1.0, 0), 25)));
            CsvFeatureWriter.write(audio.resolve("rec" + r + ".csv"), new FeatureSequence("pre", 25, frames));
        }
        FeatureExtractorRegistry registry = new FeatureExtractorRegistry()
                .register("pre", () -> new PrecomputedFeatures("pre", 25))
                .register("pre2", () -> new PrecomputedFeatures("pre2", 25));
        Path index = tmp.resolve("fused");
        Run unknown = run(new IndexCommand(registry), "-i", audio.toString(), "-x", index.toString(), "--features",
                "pre,nope", "--extensions", "csv", "--no-progress");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown feature 'nope' in the feature list; available: pre, pre2"), unknown.err());
        assertFalse(java.nio.file.Files.exists(index), "nothing written");

        Run idx = run(new IndexCommand(registry), "-i", audio.toString(), "-x", index.toString(), "--features",
                "pre,pre2", "--extensions", "csv", "--no-progress");
        assertEquals(0, idx.code(), idx.err());
        assertTrue(idx.out().contains("5 recordings"), idx.out());

        Path query = tmp.resolve("theme.csv");
        CsvFeatureWriter.write(query, new FeatureSequence("score", 10, SyntheticMusic.render(theme, 5, 20, Performance.score(), 10)));
        Run q = run(new QueryCommand(), "-x", index.toString(), "--query-features", query.toString(), "--json", "--top", "3",
                "--fusion", "rrf");
        assertEquals(0, q.code(), q.err());
        JsonNode root = new ObjectMapper().readTree(q.out());
        assertEquals("rrf", root.get("fusion").asText());
        JsonNode best = root.get("results").get(0);
        assertEquals(audio.resolve("rec1.csv").toAbsolutePath().normalize().toString(), best.get("path").asText());
        assertTrue(best.get("featureCosts").has("pre") && best.get("featureCosts").has("pre2"), best.toString());
        Run text = run(new QueryCommand(), "-x", index.toString(), "--query-features", query.toString(), "--top", "1");
        assertTrue(text.out().contains("score ") && text.out().contains("(pre "), text.out());

        Run badRule = run(new QueryCommand(), "-x", index.toString(), "--query-features", query.toString(), "--fusion", "zsum:1");
        assertEquals(2, badRule.code());
        assertTrue(badRule.err().contains("1 weights, the index 2 features (pre,pre2)"), badRule.err());

        Run mixed = run(new IndexCommand(registry), "-i", audio.toString(), "-x", index.toString(), "--features", "pre",
                "--extensions", "csv", "--no-progress");
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("index holds the features pre,pre2, this run asks for pre;"), mixed.err());
    }
}
