package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.Test;

/** The evaluator with a fake system whose rankings are fixed, checked against hand-computed metrics. */
class EvaluatorTest {
    static final double EPS = 1e-12;

    /** Answers each query ID with a fixed result and records the settings it was asked with. */
    static final class FixedSystem implements RetrievalSystem {
        final Map<String, RankedResult> answers;
        final Set<String> indexed;
        final List<SearchSettings> asked = new ArrayList<>();

        FixedSystem(Map<String, RankedResult> answers, Set<String> indexed) {
            this.answers = answers;
            this.indexed = indexed;
        }

        @Override
        public RankedResult search(QuerySpec query, SearchSettings settings) {
            asked.add(settings);
            return answers.get(query.id());
        }

        @Override
        public Optional<Set<String>> indexedRecordings() {
            return Optional.ofNullable(indexed);
        }

        @Override
        public Optional<IndexInfo> indexInfo() {
            return Optional.of(new IndexInfo("cqt", 7, 2048, OptionalDouble.of(3.5)));
        }
    }

    static QuerySpec query(String id, String... relevant) {
        return QuerySpec.of(id, Path.of("/scores/" + id + ".mxl"), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), List.of(relevant));
    }

    static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    static final Set<String> INDEXED = Set.of("a", "b", "c", "d", "x", "y", "z");

    @Test
    void summaryMatchesHandComputedMetrics() throws Exception {
        FixedSystem system = new FixedSystem(Map.of(
                // q1: relevant at ranks 1, 3, 5 of R = 4 -> AP = (1 + 2/3 + 3/5) / 4 = 17/30, RR = 1, P@1 = 1,
                //     P@10 = 3/10; candidates {a, b, x} hold 2 of 4 relevant -> recall 1/2
                "q1", RankedResult.of(List.of("a", "x", "b", "y", "c"), List.of("a", "b", "x"), ms(100)),
                // q2: relevant b at rank 3 -> AP = 1/3, RR = 1/3, P@1 = 0, P@10 = 1/10; candidates hold b -> 1
                "q2", RankedResult.of(List.of("x", "y", "b"), List.of("x", "y", "b"), ms(300)),
                // q3: nothing relevant -> AP = RR = P@1 = P@10 = 0; candidates empty -> recall 0
                "q3", RankedResult.of(List.of("x", "y"), List.of(), ms(200))), INDEXED);
        SearchSettings settings = new SearchSettings(10, 50, false);
        EvaluationReport r = new Evaluator(system, settings).evaluate(List.of(
                query("q1", "a", "b", "c", "d"), query("q2", "b"), query("q3", "z")));

        assertEquals(List.of(settings, settings, settings), system.asked);
        EvaluationSummary s = r.summary();
        assertEquals(3, s.queries());
        // mAP = (17/30 + 10/30 + 0) / 3 = 27/90 = 0.3
        assertEquals(0.3, s.meanAveragePrecision(), EPS);
        // MRR = (1 + 1/3 + 0) / 3 = 4/9
        assertEquals(4.0 / 9.0, s.meanReciprocalRank(), EPS);
        // P@1 = (1 + 0 + 0) / 3
        assertEquals(1.0 / 3.0, s.precisionAt1(), EPS);
        // P@10 = (0.3 + 0.1 + 0) / 3 = 0.4 / 3
        assertEquals(0.4 / 3.0, s.precisionAt10(), EPS);
        // candidate recall = (0.5 + 1 + 0) / 3 = 0.5
        assertEquals(0.5, s.candidateRecall(), EPS);
        // latencies 0.1 0.2 0.3 s: p50 rank ceil(1.5) = 2 -> 0.2; p95 rank ceil(2.85) = 3 -> 0.3
        assertEquals(0.2, s.latencyP50Seconds(), EPS);
        assertEquals(0.3, s.latencyP95Seconds(), EPS);

        QueryEvaluation q1 = r.queries().get(0);
        assertEquals(Map.of("a", 1, "b", 3, "c", 5, "d", 0), q1.ranks());
        assertEquals(17.0 / 30.0, q1.averagePrecision(), EPS);
        assertEquals("a", q1.top().orElseThrow().recordingId());
        assertEquals("cqt", r.index().orElseThrow().featureId());
    }

    @Test
    void topHitSpanIsScoredAgainstTheTrueSpan() throws Exception {
        FixedSystem system = new FixedSystem(Map.of(
                // q1: top hit a (relevant), matched 2..6 s, truth 3..7 s: overlap 3..6 = 3 s, union 2..7 = 5 s -> 0.6
                "q1", new RankedResult(List.of(new RankedHit("a", 0.1, 2, 6)), Optional.of(List.of("a")), ms(1)),
                // q2: top hit b (relevant), matched 10..11 s, truth 0..8 s: disjoint -> 0
                "q2", new RankedResult(List.of(new RankedHit("b", 0.1, 10, 11)), Optional.of(List.of("b")), ms(1)),
                // q3: top hit x is not relevant -> no IoU, not localized
                "q3", new RankedResult(List.of(new RankedHit("x", 0.1, 0, 1)), Optional.of(List.of("x")), ms(1)),
                // q4: top hit c, matched 1..5 s, truth 1..4 s: overlap 3, union 4 -> 0.75
                "q4", new RankedResult(List.of(new RankedHit("c", 0.1, 1, 5)), Optional.of(List.of("c")), ms(1))), INDEXED);
        TruthSpans truth = new TruthSpans(Map.of(
                "q1", Map.of("a", new double[] {3, 7}),
                "q2", Map.of("b", new double[] {0, 8}),
                "q3", Map.of("a", new double[] {0, 1}),
                "q4", Map.of("c", new double[] {1, 4})));
        EvaluationReport r = new Evaluator(system, SearchSettings.defaults(), Optional.of(truth)).evaluate(List.of(
                query("q1", "a"), query("q2", "b"), query("q3", "a"), query("q4", "c")));
        assertEquals(0.6, r.queries().get(0).topSpanIou(), EPS);
        assertEquals(0.0, r.queries().get(1).topSpanIou(), EPS);
        assertTrue(Double.isNaN(r.queries().get(2).topSpanIou()));
        // mean IoU over q1, q2, q4 = (0.6 + 0 + 0.75) / 3 = 0.45
        assertEquals(0.45, r.summary().topSpanIou(), EPS);
        // localized (relevant top, IoU >= 0.5): q1 and q4 of 4 queries -> 0.5
        assertEquals(0.5, r.summary().localizedAt1(), EPS);
        // without truth the localization figures are undefined
        EvaluationReport none = new Evaluator(system, SearchSettings.defaults()).evaluate(List.of(query("q1", "a")));
        assertTrue(Double.isNaN(none.summary().localizedAt1()));
    }

    @Test
    void aMatchOfAnyOfSeveralTrueSpansCounts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // the manifest gives "b" three spans (exposition, repeat, recapitulation) and "a" one, in both notations
        java.nio.file.Path manifest = java.nio.file.Files.writeString(dir.resolve("manifest.json"),
                "{\"queries\": [{\"query_id\": \"q1\", \"spans_s\": {\"a\": [3, 7],"
                        + " \"b\": [[0, 10], [40, 50], [90, 100]]}}]}");
        TruthSpans truth = TruthSpans.readManifest(manifest);
        assertEquals(3, truth.spans("q1", "b").size());
        assertEquals(1, truth.spans("q1", "a").size());
        // matched 41..50 s: IoU 0.9 with the repeat, 0 with the others
        assertEquals(0.9, truth.bestIntersectionOverUnion("q1", "b", 41, 50), EPS);
        FixedSystem system = new FixedSystem(Map.of(
                "q1", new RankedResult(List.of(new RankedHit("b", 0.1, 91, 100)), Optional.of(List.of("b")), ms(1))), INDEXED);
        EvaluationReport r = new Evaluator(system, SearchSettings.defaults(), Optional.of(truth))
                .evaluate(List.of(query("q1", "b")));
        assertEquals(0.9, r.queries().get(0).topSpanIou(), EPS, "the recapitulation counts");
        assertEquals(1.0, r.summary().localizedAt1(), EPS);
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.json"),
                "{\"queries\": [{\"query_id\": \"q1\", \"spans_s\": {\"b\": [[0, 10], [5]]}}]}");
        var e = assertThrows(org.ctcretrieval.common.InputException.class, () -> TruthSpans.readManifest(bad));
        assertTrue(e.getMessage().contains("query q1: span of b is not [start, end]"), e.getMessage());
    }

    @Test
    void exhaustiveRunHasNoCandidateRecall() throws Exception {
        FixedSystem system = new FixedSystem(Map.of("q", RankedResult.exhaustive(List.of("b", "a"), ms(5))), null);
        EvaluationReport r = new Evaluator(system, new SearchSettings(10, 0, true)).evaluate(List.of(query("q", "a")));
        assertTrue(Double.isNaN(r.summary().candidateRecall()));
        // a at rank 2 -> AP = RR = 1/2
        assertEquals(0.5, r.summary().meanAveragePrecision(), EPS);
        assertTrue(r.toText().contains("candidate recall   n/a"), r.toText());
    }

    @Test
    void rankingIsCutToTopK() throws Exception {
        FixedSystem system = new FixedSystem(Map.of("q", RankedResult.of(List.of("x", "y", "a"), List.of(), ms(1))), null);
        // top 2 = x y: the relevant a at rank 3 is cut off -> AP = 0, rank 0
        EvaluationReport r = new Evaluator(system, new SearchSettings(2, 0, false)).evaluate(List.of(query("q", "a")));
        assertEquals(0.0, r.summary().meanAveragePrecision(), EPS);
        assertEquals(Map.of("a", 0), r.queries().get(0).ranks());
    }

    @Test
    void relevantRecordingMissingFromIndexIsAnInputError() {
        FixedSystem system = new FixedSystem(Map.of(), INDEXED);
        QuerySpec q = new QuerySpec("q7", Path.of("/s.mxl"), Optional.empty(), OptionalInt.empty(), Optional.empty(),
                List.of("a", "Typo/rec"), Path.of("/bench/queries.tsv"), 9);
        InputException e = assertThrows(InputException.class,
                () -> new Evaluator(system, SearchSettings.defaults()).evaluate(List.of(q)));
        assertEquals("/bench/queries.tsv: line 9 (query q7): relevant recording Typo/rec not in the index"
                + " (7 recordings indexed)", e.getMessage());
    }

    @Test
    void duplicateRecordingInRankingIsRejected() {
        FixedSystem system = new FixedSystem(Map.of("q", RankedResult.of(List.of("a", "b", "a"), List.of(), ms(1))), null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Evaluator(system, SearchSettings.defaults()).evaluate(List.of(query("q", "a"))));
        assertTrue(e.getMessage().contains("ranked recording a twice for query q"), e.getMessage());
    }

    @Test
    void jsonRoundTripKeepsEveryNumber() throws Exception {
        FixedSystem system = new FixedSystem(Map.of(
                "q1", new RankedResult(List.of(new RankedHit("a", 0.25, 1.5, 9.0), RankedHit.of("x")),
                        Optional.of(List.of("a")), ms(40)),
                "q2", RankedResult.of(List.of("y"), List.of("y"), ms(60))), INDEXED);
        EvaluationReport r = new Evaluator(system, new SearchSettings(5, 20, false))
                .evaluate(List.of(query("q1", "a", "b"), query("q2", "c")));
        Path f = java.nio.file.Files.createTempFile("report", ".json");
        try {
            java.nio.file.Files.writeString(f, r.toJsonText());
            EvaluationReport back = EvaluationReport.readJson(f);
            assertEquals(r.settings(), back.settings());
            assertEquals(r.index(), back.index());
            assertEquals(r.summary(), back.summary());
            assertEquals(r.queries(), back.queries());
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
