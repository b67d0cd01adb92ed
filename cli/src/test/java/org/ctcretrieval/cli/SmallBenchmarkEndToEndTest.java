package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole retrieval pipeline through the real command line: {@code bench-build} renders 3 ASAP pieces x 2
 * performances (first 20 s each, seed 1) with FluidSynth, {@code index} extracts features, {@code evaluate --json}
 * runs every score query with candidate search and exhaustively. Needs FluidSynth, the two soundfonts of
 * {@code scripts/setup.sh} and {@code <shared>/datasets/asap}; fails with the tool's message when one is missing.
 *
 * <p><b>Floors.</b> Every query has R = 2 relevant recordings among N = 6. A random ranking gives AP of about
 * R/N = 0.33 (exactly 0.527 in expectation for R = 2, N = 6, averaging AP over all 15 placements of the two
 * relevant recordings) and P@1 = R/N = 0.33. Measured with seed 1 (8 queries): exhaustive mAP 1.000 and P@1 1.000
 * for both {@code cqt} and {@code v2_ctc_train345valid1}, top-hit span IoU 0.88 / 0.92. The candidate stage can
 * miss recordings that share too few chroma shingles with the query (right-hand-only queries above all: a
 * recording's chroma breaks into more run-length tokens than the score's), and AP counts a missed relevant
 * recording as 0, so indexed AP can never exceed candidate recall; the indexed floors therefore guard the
 * candidate stage (recall at least half) and the ranking of what it finds (P@1 at least 0.6, almost twice
 * chance), while the exhaustive floors (mAP 0.9, P@1 0.85, IoU 0.7) guard features and DTW well above chance
 * with a margin of one query for differences in floating-point rounding between machines.
 */
class SmallBenchmarkEndToEndTest {
    private static final int RECORDINGS = 3 * 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static Path bench;

    /** One collection for both feature types: rendering is the slow part. */
    @BeforeAll
    static void buildBenchmark() throws Exception {
        Path asap = SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset");
        bench = dir.resolve("bench");
        CliRun r = CliRun.of("bench-build", "-o", bench.toString(), "--dataset", asap.toString(), "--pieces", "3",
                "--performances", "2", "--max-seconds", "20", "--seed", "1", "--threads", "2");
        assertEquals(0, r.code(), "bench-build failed: " + r.err());
        assertTrue(r.out().contains("recordings  " + RECORDINGS + " "), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cqt", "v2_ctc_train345valid1"})
    void scoreQueriesFindTheirRecordings(String feature) throws Exception {
        Path index = dir.resolve("index-" + feature);
        CliRun indexed = CliRun.of("index", "-i", bench.resolve("audio").toString(), "-x", index.toString(),
                "--features", feature, "--no-progress");
        assertEquals(0, indexed.code(), "index failed: " + indexed.err());

        int queries = queryCount();
        assertTrue(queries >= 3 && queries <= 12, "1-4 queries per piece, got " + queries);

        JsonNode candidate = evaluate(index, false);
        JsonNode exhaustive = evaluate(index, true);
        for (JsonNode report : List.of(candidate, exhaustive)) {
            assertEquals(feature, report.path("index").path("feature").asText());
            assertEquals(RECORDINGS, report.path("index").path("recordings").asInt());
            assertEquals(12.5, report.path("index").path("build_seconds").asDouble(), 1e-9, "--index-seconds echoed");
            assertEquals(queries, report.path("summary").path("queries").asInt());
            assertEquals(queries, report.path("queries").size());
        }

        JsonNode ex = exhaustive.path("summary");
        assertTrue(ex.path("map").asDouble() >= 0.9, feature + " exhaustive mAP " + ex.path("map"));
        assertTrue(ex.path("p_at_1").asDouble() >= 0.85, feature + " exhaustive P@1 " + ex.path("p_at_1"));
        assertTrue(ex.path("top_span_iou").asDouble() >= 0.7, feature + " exhaustive span IoU " + ex.path("top_span_iou"));
        assertTrue(ex.path("candidate_recall").isNull(), "no candidate stage in exhaustive search");

        JsonNode in = candidate.path("summary");
        double recall = in.path("candidate_recall").asDouble();
        assertTrue(recall >= 0.5, feature + " candidate recall " + recall);
        assertTrue(in.path("map").asDouble() <= recall + 1e-9,
                "AP counts relevant recordings outside the candidates as 0: mAP " + in.path("map") + " > recall " + recall);
        assertTrue(in.path("map").asDouble() >= 0.5, feature + " indexed mAP " + in.path("map"));
        assertTrue(in.path("p_at_1").asDouble() >= 0.6, feature + " indexed P@1 " + in.path("p_at_1"));
    }

    /**
     * {@code bench-search --from-index} scales the rendered collection by transforming its indexed chroma: the
     * collection reaches the requested hours, every piece becomes several works (pitch-class permutations), and
     * the report's figures are consistent (exhaustive search finds relevant recordings, the candidate stage keeps
     * at least half of those in the exhaustive top 10; latencies are reported, not asserted).
     */
    @org.junit.jupiter.api.Test
    void transformedCollectionScalesTheIndexedFeatures() throws Exception {
        Path index = dir.resolve("index-scaled-source");
        CliRun indexed = CliRun.of("index", "-i", bench.resolve("audio").toString(), "-x", index.toString(),
                "--features", "cqt", "--no-progress");
        assertEquals(0, indexed.code(), "index failed: " + indexed.err());
        CliRun r = CliRun.of("bench-search", "--from-index", index.toString(), "--query-file",
                bench.resolve("queries.tsv").toString(), "--hours", "0.5", "--queries", "8", "--exhaustive-queries", "4",
                "--warmup", "3", "--threads", "2", "--index", dir.resolve("scaled").toString(), "--json");
        assertEquals(0, r.code(), "bench-search failed: " + r.err());
        JsonNode report = JSON.readTree(r.out());
        assertTrue(report.path("source").asText().contains("transformed features of " + RECORDINGS + " recordings"), r.out());
        double hours = report.path("hours").asDouble();
        assertTrue(hours >= 0.5 && hours < 0.5 + 3 * 20 / 3600.0 / 0.8 + 1e-6, "hours " + hours);
        assertEquals(0, report.path("works").asInt() % 3, "every piece becomes the same number of works: " + r.out());
        assertTrue(report.path("works").asInt() >= 3, r.out());
        assertTrue(report.path("exhaustivePrecisionAtK").asDouble() >= 0.5, r.out());
        assertTrue(report.path("candidateRecallOfRelevantAtK").asDouble() >= 0.5, r.out());
        assertTrue(report.path("indexedP50Ms").asDouble() > 0 && report.path("exhaustiveP50Ms").asDouble() > 0, r.out());
        assertEquals(8, report.path("queries").asInt(), r.out());
        assertEquals(3, report.path("warmupQueries").asInt(), r.out());
        try (var folder = org.apache.lucene.store.FSDirectory.open(dir.resolve("scaled"));
             var scaled = org.apache.lucene.index.DirectoryReader.open(folder)) {
            assertEquals(1, scaled.leaves().size(), "the benchmark index is merged like one built by ctcr index");
        }
    }

    private static int queryCount() throws Exception {
        return (int) Files.readAllLines(bench.resolve("queries.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).count() - 1;
    }

    private static JsonNode evaluate(Path index, boolean exhaustive) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "-x", index.toString(), "-q",
                bench.resolve("queries.tsv").toString(), "--json", "--index-seconds", "12.5"));
        if (exhaustive) args.add("--exhaustive");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), "evaluate failed: " + r.err());
        return JSON.readTree(r.out());
    }
}
