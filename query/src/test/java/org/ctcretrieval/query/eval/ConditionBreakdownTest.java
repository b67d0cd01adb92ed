package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics per condition: restricted AP against its definition, manifest reading and the markdown tables. */
class ConditionBreakdownTest {
    private static final double EPS = 1e-12;

    @TempDir Path dir;

    @Test
    void restrictedApIsTheApOfTheRankingWithoutTheOtherRelevantRecordings() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) all.add("r" + i);
            Collections.shuffle(all, random);
            List<String> ranking = all.subList(0, 8 + random.nextInt(5)); // some recordings not returned
            List<String> relevant = new ArrayList<>(all.subList(0, 12));
            Collections.shuffle(relevant, random);
            relevant = relevant.subList(0, 1 + random.nextInt(5));
            Set<String> subset = new HashSet<>();
            for (String r : relevant) if (random.nextBoolean()) subset.add(r);
            if (subset.isEmpty()) subset.add(relevant.get(0));
            List<String> filtered = new ArrayList<>(ranking);
            for (String r : relevant) if (!subset.contains(r)) filtered.remove(r);
            double expected = RetrievalMetrics.averagePrecision(filtered, subset);
            Map<String, Integer> ranks = RetrievalMetrics.ranksOfRelevant(ranking, relevant);
            assertEquals(expected, ConditionBreakdown.restrictedAveragePrecision(ranks, subset), EPS,
                    "ranking " + ranking + ", relevant " + relevant + ", subset " + subset);
        }
    }

    @Test
    void restrictedHitRateCountsTheSubsetInTheTopKOfTheFilteredRanking() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) all.add("r" + i);
            Collections.shuffle(all, random);
            List<String> ranking = all.subList(0, 15 + random.nextInt(10));
            List<String> relevant = new ArrayList<>(all);
            Collections.shuffle(relevant, random);
            relevant = relevant.subList(0, 1 + random.nextInt(14));
            Set<String> subset = new HashSet<>();
            for (String r : relevant) if (random.nextBoolean()) subset.add(r);
            if (subset.isEmpty()) subset.add(relevant.get(0));
            List<String> filtered = new ArrayList<>(ranking);
            for (String r : relevant) if (!subset.contains(r)) filtered.remove(r);
            int k = 1 + random.nextInt(10);
            long hits = filtered.subList(0, Math.min(k, filtered.size())).stream().filter(subset::contains).count();
            double expected = hits / (double) Math.min(k, subset.size());
            Map<String, Integer> ranks = RetrievalMetrics.ranksOfRelevant(ranking, relevant);
            assertEquals(expected, ConditionBreakdown.restrictedHitRate(ranks, subset, k), EPS,
                    "ranking " + ranking + ", relevant " + relevant + ", subset " + subset + ", k " + k);
        }
    }

    @Test
    void restrictedHitRateByHand() {
        // a=1, b=12, c=not returned; {b, c} with a removed: b at 11, outside the top 10: 0 of min(10, 2)
        Map<String, Integer> ranks = new LinkedHashMap<>(Map.of("a", 1, "b", 12, "c", 0));
        assertEquals(0.0, ConditionBreakdown.restrictedHitRate(ranks, Set.of("b", "c"), 10), EPS);
        // {a, b}: a in, b at 12: 1 of 2
        assertEquals(0.5, ConditionBreakdown.restrictedHitRate(ranks, Set.of("a", "b"), 10), EPS);
        // b moves to 11 without a, inside the top 11
        assertEquals(1.0, ConditionBreakdown.restrictedHitRate(ranks, Set.of("b"), 11), EPS);
        assertTrue(Double.isNaN(ConditionBreakdown.restrictedHitRate(ranks, Set.of("zz"), 10)));
    }

    @Test
    void restrictedApByHand() {
        // ranks a=1, b=3, c=not returned. Only {b}: a is removed, so b moves to rank 2: AP = 1/2.
        Map<String, Integer> ranks = new LinkedHashMap<>(Map.of("a", 1, "b", 3, "c", 0));
        assertEquals(0.5, ConditionBreakdown.restrictedAveragePrecision(ranks, Set.of("b")), EPS);
        // {b, c}: b at rank 2 (P = 1/2), c missing (0): AP = (1/2 + 0) / 2
        assertEquals(0.25, ConditionBreakdown.restrictedAveragePrecision(ranks, Set.of("b", "c")), EPS);
        assertTrue(Double.isNaN(ConditionBreakdown.restrictedAveragePrecision(ranks, Set.of("zz"))));
    }

    private static final String MANIFEST = """
            {"pieces": [{"piece": "P", "score_tempo": "removed", "recordings": [
               {"recording_id": "P/a", "soundfont": "A.sf2", "conditions": {"soundfont": "A.sf2", "programs": "piano",
                "reverb": "none", "codec": "mp3", "tuning_hz": 415.0, "tempo_stretch": 1.0, "tempo_ratio": 0.9}},
               {"recording_id": "P/b", "soundfont": "B.sf3", "conditions": {"soundfont": "B.sf3", "programs": "strings",
                "reverb": "hall", "codec": "none", "tuning_hz": 440.0, "tempo_stretch": 2.0, "tempo_ratio": 0.45}}]}],
             "queries": [
               {"query_id": "q_all", "staff": null, "score_tempo": "removed", "spans_s": {"P/a": [1, 2], "P/b": [2, 4]},
                "tempo_ratios": {"P/a": 0.9, "P/b": 0.45}},
               {"query_id": "q_rh", "staff": 1, "score_tempo": "removed", "spans_s": {"P/a": [1, 2], "P/b": [2, 4]},
                "tempo_ratios": {"P/a": 0.9, "P/b": 0.45}}]}
            """;

    private static EvaluationReport run(String feature, boolean exhaustive, Map<String, Map<String, Integer>> ranks) {
        List<QueryEvaluation> qs = new ArrayList<>();
        ranks.forEach((q, r) -> qs.add(new QueryEvaluation(q, r, 0, 0, 0, 0, Double.NaN, 0.1, Optional.empty(), Double.NaN)));
        return new EvaluationReport(new SearchSettings(100, 0, exhaustive), Optional.of(new IndexInfo(feature, 5, 10,
                OptionalDouble.empty())), new EvaluationSummary(qs.size(), 0, 0, 0, 0, Double.NaN, 0.1, 0.1, Double.NaN,
                Double.NaN), qs);
    }

    @Test
    void manifestConditionsAndTables() throws Exception {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, MANIFEST);
        BenchmarkConditions c = BenchmarkConditions.readManifest(manifest);
        assertEquals(List.of("texture", "score tempo", "tempo ratio", "tuning", "reverb", "codec", "soundfont",
                "instruments"), c.dimensions());
        assertEquals(List.of("whole texture", "right hand"), c.values("texture"));
        assertEquals(List.of("< 0.5", "0.8–1.25"), c.values("tempo ratio"));
        assertEquals(List.of("none", "hall"), c.values("reverb"));
        assertEquals("A=415", c.label("q_rh", "P/a", "tuning"));
        assertEquals("right hand", c.label("q_rh", "P/b", "texture"));

        // indexed: q_all finds a first, b third; q_rh finds b first, a not at all.
        Map<String, Map<String, Integer>> idx = new LinkedHashMap<>();
        idx.put("q_all", new LinkedHashMap<>(Map.of("P/a", 1, "P/b", 3)));
        idx.put("q_rh", new LinkedHashMap<>(Map.of("P/a", 0, "P/b", 1)));
        Map<String, Map<String, Integer>> exh = new LinkedHashMap<>();
        exh.put("q_all", new LinkedHashMap<>(Map.of("P/a", 1, "P/b", 2)));
        exh.put("q_rh", new LinkedHashMap<>(Map.of("P/a", 2, "P/b", 1)));
        String md = ConditionBreakdown.markdown(List.of(run("cqt", false, idx), run("cqt", true, exh)), c);
        // reverb none = recording a: indexed APs 1 (q_all) and 0 (q_rh) -> 0.5; exhaustive 1 and 1 (b removed) -> 1
        // reverb hall = recording b: indexed q_all rank 3 -> 2 without a: 1/2; q_rh 1 -> mean 0.75; exhaustive 1, 1
        assertTrue(md.contains("| Feature | none (2) | hall (2) |\n|---|---:|---:|\n| cqt | 0.500 / 1.000 | 0.750 / 1.000 |"), md);
        // texture: whole = q_all over both recordings: indexed AP (1 + 2/3) / 2; right hand = q_rh: (1 + 0) / 2;
        // exhaustive q_rh: b at 1, a at 2 -> AP 1
        assertTrue(md.contains("| cqt | 0.833 / 1.000 | 0.500 / 1.000 |"), md);
        // top 10 holds every returned recording: indexed q_rh misses a, so right hand finds 1 of 2
        assertTrue(md.contains("Texture, share of the relevant recordings found in the top 10 (indexed / exhaustive)"
                + "\n\n| Feature | whole texture (2) | right hand (2) |\n|---|---:|---:|\n| cqt | 1.000 / 1.000 | 0.500 / 1.000 |"), md);
    }
}
