package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.ctcretrieval.query.eval.IndexInfo;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RankedResult;
import org.ctcretrieval.query.eval.RetrievalSystem;
import org.ctcretrieval.query.eval.SearchSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} and {@code bench-table} from the command line, over a fake search. */
class EvaluateCommandTest {
    @TempDir Path dir;
    Path index;
    Path queries;
    final List<SearchSettings> asked = new ArrayList<>();
    final List<Path> opened = new ArrayList<>();
    boolean closed;

    /** q1: relevant P/a at rank 2 of [P/x, P/a]; q2: relevant P/b at rank 1. */
    RetrievalSystem open(Path indexDir) {
        opened.add(indexDir);
        Map<String, List<String>> rankings = Map.of("q1", List.of("P/x", "P/a"), "q2", List.of("P/b", "P/x"));
        return new RetrievalSystem() {
            @Override
            public RankedResult search(QuerySpec q, SearchSettings s) {
                asked.add(s);
                List<String> r = rankings.get(q.id());
                return s.exhaustive() ? RankedResult.exhaustive(r, Duration.ofMillis(10))
                        : RankedResult.of(r, List.of("P/a", "P/b"), Duration.ofMillis(q.id().equals("q1") ? 10 : 30));
            }

            @Override
            public Optional<Set<String>> indexedRecordings() {
                return Optional.of(Set.of("P/a", "P/b", "P/x"));
            }

            @Override
            public Optional<IndexInfo> indexInfo() {
                return Optional.of(new IndexInfo("cens", 3, 4096, OptionalDouble.of(2)));
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @BeforeEach
    void files() throws IOException {
        index = Files.createDirectories(dir.resolve("index"));
        Files.writeString(dir.resolve("s.mxl"), "x");
        queries = Files.writeString(dir.resolve("queries.tsv"), """
                query_id\tscore_path\tpart\tstaff\tmeasures\trelevant
                q1\ts.mxl\t\t\t1-4\tP/a
                q2\ts.mxl\t\t1\t5-8\tP/b
                """);
    }

    String run(Object command, String... args) {
        CommandLineTest.Run r = CommandLineTest.run(command, args);
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        return r.out();
    }

    @Test
    void printsMetricsAsJsonWithTheRequestedSettings() throws IOException {
        String json = run(new EvaluateCommand(this::open), "-x", index.toString(), "--queries", queries.toString(),
                "--json", "--top", "5", "--candidates", "20");
        assertEquals(List.of(index), opened);
        assertTrue(closed, "system closed");
        assertEquals(List.of(new SearchSettings(5, 20, false), new SearchSettings(5, 20, false)), asked);
        JsonNode r = new ObjectMapper().readTree(json);
        JsonNode s = r.get("summary");
        // AP: q1 = (1/2)/1 = 0.5, q2 = 1 -> mAP 0.75; RR the same -> MRR 0.75; P@1 = (0 + 1)/2 = 0.5
        assertEquals(0.75, s.get("map").asDouble(), 1e-12);
        assertEquals(0.75, s.get("mrr").asDouble(), 1e-12);
        assertEquals(0.5, s.get("p_at_1").asDouble(), 1e-12);
        // P@10 = (1/10 + 1/10) / 2
        assertEquals(0.1, s.get("p_at_10").asDouble(), 1e-12);
        assertEquals(1.0, s.get("candidate_recall").asDouble(), 1e-12);
        // latencies 0.01, 0.03 s: p50 = rank ceil(1) = 0.01; p95 = rank ceil(1.9) = 0.03
        assertEquals(0.01, s.get("latency_p50_s").asDouble(), 1e-12);
        assertEquals(0.03, s.get("latency_p95_s").asDouble(), 1e-12);
        assertEquals(2, r.get("queries").get(0).get("ranks").get("P/a").asInt());
        assertEquals("cens", r.get("index").get("feature").asText());
    }

    @Test
    void transposeTempoRangeAndSemitoneNeighboursReachTheSearch() throws IOException {
        String json = run(new EvaluateCommand(this::open), "-x", index.toString(), "--queries", queries.toString(),
                "--json", "--transpose", "--tempo-range", "0.5-3", "--semitone-neighbours");
        assertEquals(new SearchSettings(SearchSettings.DEFAULT_TOP_K, 0, false, true, 0.5, 3, true), asked.get(0));
        JsonNode settings = new ObjectMapper().readTree(json).get("settings");
        assertTrue(settings.get("transpose").asBoolean());
        assertEquals(3.0, settings.get("tempo_fastest").asDouble());
    }

    @Test
    void absolutePathsFromTheSearchBecomeRecordingIdsRelativeToTheAudioFolder() throws IOException {
        Path audio = Files.createDirectories(dir.resolve("audio"));
        // The search names recordings by absolute path: <dir>/audio/P/x.wav etc.
        RetrievalSystem absolute = new RetrievalSystem() {
            @Override
            public RankedResult search(QuerySpec q, SearchSettings s) {
                List<String> r = q.id().equals("q1") ? List.of("P/x", "P/a") : List.of("P/b", "P/x");
                return RankedResult.of(r.stream().map(id -> audio.resolve(id + ".wav").toString()).toList(),
                        List.of(audio.resolve("P/a.wav").toString()), Duration.ofMillis(5));
            }

            @Override
            public Optional<Set<String>> indexedRecordings() {
                return Optional.of(Set.of(audio.resolve("P/a.wav").toString(), audio.resolve("P/b.wav").toString(),
                        audio.resolve("P/x.wav").toString()));
            }

            @Override
            public Optional<IndexInfo> indexInfo() {
                return Optional.of(new IndexInfo("cqt", 3, 100, OptionalDouble.empty()));
            }
        };
        // default audio root: the folder 'audio' next to queries.tsv
        JsonNode r = new ObjectMapper().readTree(run(new EvaluateCommand(x -> absolute), "-x", index.toString(),
                "-q", queries.toString(), "--json", "--index-seconds", "12.5"));
        // same rankings as the ID-based fake: mAP = (1/2 + 1) / 2
        assertEquals(0.75, r.get("summary").get("map").asDouble(), 1e-12);
        // candidates hold P/a only: q1 recall 1, q2 recall 0 -> 0.5
        assertEquals(0.5, r.get("summary").get("candidate_recall").asDouble(), 1e-12);
        assertEquals("P/x", r.get("queries").get(0).get("top").get("recording").asText());
        assertEquals(12.5, r.get("index").get("build_seconds").asDouble(), 1e-12);
        assertTrue(r.get("summary").get("localized_p_at_1").isNull(), "no manifest beside the queries");
    }

    @Test
    void printsATextReportAndFeedsTheBenchmarkTable() throws IOException {
        String text = run(new EvaluateCommand(this::open), "-x", index.toString(), "-q", queries.toString(),
                "--exhaustive");
        assertTrue(text.contains("mode               exhaustive"), text);
        assertTrue(text.contains("mAP                0.7500"), text);
        assertTrue(text.contains("candidate recall   n/a"), text);
        assertTrue(text.contains("q1  AP 0.5000  RR 0.5000  ranks 2"), text);

        Path indexed = dir.resolve("indexed.json");
        Files.writeString(indexed, run(new EvaluateCommand(this::open), "-x", index.toString(), "-q",
                queries.toString(), "--json"));
        Path exhaustive = dir.resolve("exhaustive.json");
        Files.writeString(exhaustive, run(new EvaluateCommand(this::open), "-x", index.toString(), "-q",
                queries.toString(), "--json", "--exhaustive"));
        // candidates P/a, P/b hold every relevant recording: candidate recall 1.000
        String table = run(new BenchTableCommand(), indexed.toString(), exhaustive.toString());
        assertEquals("| cens | 0.750 | 0.750 | 0.750 | 0.750 | 0.500 | 0.500 | 1.000 | 0.010 s | 0.010 s | 2.0 s | 4.0 KiB |",
                table.split("\n")[2]);
    }
}
