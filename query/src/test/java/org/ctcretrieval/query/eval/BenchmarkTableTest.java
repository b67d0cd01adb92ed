package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The markdown benchmark table. */
class BenchmarkTableTest {
    static EvaluationReport run(String feature, boolean exhaustive, double map, double mrr, double p1, double p50,
            long size, OptionalDouble build) {
        return new EvaluationReport(new SearchSettings(100, 0, exhaustive),
                Optional.of(new IndexInfo(feature, 40, size, build)),
                new EvaluationSummary(24, map, mrr, p1, 0.2, exhaustive ? Double.NaN : 0.9, p50, p50 * 2,
                        Double.NaN, Double.NaN), List.of());
    }

    @Test
    void oneRowPerFeatureWithBothModes() {
        String table = BenchmarkTable.markdown(List.of(
                run("cqt", false, 0.5, 0.6, 0.4, 0.0123, 1536, OptionalDouble.of(12.34)),
                run("ctc-chroma", false, 0.8123, 0.9, 0.875, 0.05, 3L * 1024 * 1024, OptionalDouble.of(125)),
                run("cqt", true, 0.55, 0.65, 0.5, 2.5, 1536, OptionalDouble.of(12.34))));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length);
        assertEquals("| Feature | mAP indexed | mAP exhaustive | MRR indexed | MRR exhaustive | P@1 indexed"
                + " | P@1 exhaustive | candidate recall | latency p50 indexed | latency p50 exhaustive | index time | index size |", lines[0]);
        assertEquals("| cqt | 0.500 | 0.550 | 0.600 | 0.650 | 0.400 | 0.500 | 0.900 | 0.012 s | 2.5 s | 12.3 s | 1.5 KiB |",
                lines[2]);
        // no exhaustive run for ctc-chroma; 125 s = 2 min 5 s; 3 MiB
        assertEquals("| ctc-chroma | 0.812 | – | 0.900 | – | 0.875 | – | 0.900 | 0.050 s | – | 2 min 5 s | 3.0 MiB |",
                lines[3]);
    }

    @Test
    void duplicateRunOrMissingIndexFactsIsRejected() {
        EvaluationReport a = run("cqt", false, 0.5, 0.6, 0.4, 0.01, 10, OptionalDouble.empty());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.markdown(List.of(a, a)));
        EvaluationReport noIndex = new EvaluationReport(SearchSettings.defaults(), Optional.empty(), a.summary(), List.of());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.markdown(List.of(noIndex)));
    }

    @Test
    void unknownBuildTimeShowsDash() {
        String table = BenchmarkTable.markdown(List.of(run("cens", true, 0.5, 0.5, 0.5, 0.5, 100, OptionalDouble.empty())));
        assertEquals("| cens | – | 0.500 | – | 0.500 | – | 0.500 | – | – | 0.500 s | – | 100 B |", table.split("\n")[2]);
    }
}
