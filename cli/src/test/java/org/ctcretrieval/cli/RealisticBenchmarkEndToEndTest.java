package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The realistic benchmark through the command line, small enough for every test run: {@code bench-build
 * --realistic} renders 2 ASAP pieces x 2 performances (first 15 s, seed 2) with the three Debian soundfonts, sox
 * reverb and ffmpeg codecs; {@code index} ({@code cqt}), {@code evaluate --json} indexed and exhaustive, and
 * {@code bench-table --conditions} produce the per-condition breakdown. Needs FluidSynth, sox, ffmpeg, the
 * soundfonts of {@code scripts/setup.sh} and {@code <shared>/datasets/asap}.
 *
 * <p>Figures are not asserted beyond sanity (the conditions are meant to be hard; the medium benchmark in
 * docs/benchmark.md measures them): the report covers every query, and exhaustive search puts a relevant
 * recording first for at least one query.
 */
class RealisticBenchmarkEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void realisticCollectionIsBuiltEvaluatedAndBrokenDownByCondition() throws Exception {
        Path asap = SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset");
        Path bench = dir.resolve("bench");
        CliRun built = CliRun.of("bench-build", "--realistic", "-o", bench.toString(), "--dataset", asap.toString(),
                "--pieces", "2", "--performances", "2", "--max-seconds", "15", "--seed", "2", "--threads", "2");
        assertEquals(0, built.code(), "bench-build failed: " + built.err());
        assertTrue(built.out().contains("recordings  4 "), built.out());

        JsonNode manifest = JSON.readTree(bench.resolve("manifest.json").toFile());
        assertEquals("realistic", manifest.path("settings").path("preset").asText());
        for (JsonNode piece : manifest.path("pieces")) {
            assertTrue(Set.of("marked", "removed", "unmarked").contains(piece.path("score_tempo").asText()), piece.toString());
            for (JsonNode rec : piece.path("recordings")) {
                JsonNode c = rec.path("conditions");
                for (String field : List.of("soundfont", "programs", "gm_programs", "reverb", "codec", "tuning_hz",
                        "tempo_stretch", "tempo_ratio")) {
                    assertTrue(c.has(field), rec.path("recording_id") + " lacks condition " + field);
                }
                assertEquals(15.0, rec.path("duration_s").asDouble(), 1e-3);
            }
        }
        for (JsonNode q : manifest.path("queries")) {
            assertEquals(q.path("spans_s").size(), q.path("tempo_ratios").size(), q.path("query_id").asText());
        }

        Path index = dir.resolve("index-cqt");
        CliRun indexed = CliRun.of("index", "-i", bench.resolve("audio").toString(), "-x", index.toString(),
                "--features", "cqt", "--no-progress");
        assertEquals(0, indexed.code(), "index failed: " + indexed.err());
        Path[] reports = {dir.resolve("cqt-indexed.json"), dir.resolve("cqt-exhaustive.json")};
        for (int m = 0; m < 2; m++) {
            List<String> args = new java.util.ArrayList<>(List.of("evaluate", "-x", index.toString(), "-q",
                    bench.resolve("queries.tsv").toString(), "--json", "--index-seconds", "1"));
            if (m == 1) args.add("--exhaustive");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.code(), "evaluate failed: " + r.err());
            Files.writeString(reports[m], r.out());
        }
        JsonNode exhaustive = JSON.readTree(reports[1].toFile());
        assertEquals(manifest.path("queries").size(), exhaustive.path("summary").path("queries").asInt());
        assertTrue(exhaustive.path("summary").path("p_at_1").asDouble() > 0, exhaustive.path("summary").toString());

        CliRun table = CliRun.of("bench-table", reports[0].toString(), reports[1].toString(), "--conditions",
                bench.resolve("manifest.json").toString());
        assertEquals(0, table.code(), "bench-table failed: " + table.err());
        for (String dim : List.of("**Texture**", "**Tempo ratio**", "**Tuning**", "**Reverb**", "**Codec**",
                "**Soundfont**", "**Instruments**")) {
            assertTrue(table.out().contains(dim), "no " + dim + " breakdown:\n" + table.out());
        }
        assertTrue(table.out().contains("| cqt | "), table.out());
    }
}
