package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ctcr bench} on a short input: every stage reported with positive figures. */
class BenchCommandTest {
    static List<String> stageNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : root.get("stages")) {
            names.add(s.get("stage").asText());
            assertTrue(s.get("seconds").asDouble() > 0, s.toString());
            assertTrue(s.get("xRealTime").asDouble() > 0, s.toString());
            assertTrue(s.get("peakHeapMiB").asDouble() > 0, s.toString());
        }
        return names;
    }

    @Test
    void wholeAndBoundedStages() throws Exception {
        CliRun r = CliRun.of("bench", "--minutes", "0.25", "-m", "none", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(15.0, root.get("audioSeconds").asDouble(), 0.001);
        assertEquals(List.of("decode (WAV 44.1 kHz)", "resample 44.1 -> 22.05 kHz", "HCQT (6 harmonics, 25 Hz)",
                "network input (dB, median, L2)", "cqt chroma (h=1 CQT + pooling)", "CENS",
                "HCQT from WAV, bounded (decode+resample+HCQT)"), stageNames(root));
    }

    @Test
    void boundedOnly() throws Exception {
        CliRun r = CliRun.of("bench", "--minutes", "0.25", "-m", "none", "--bounded-only", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("HCQT from WAV, bounded (decode+resample+HCQT)"),
                stageNames(new ObjectMapper().readTree(r.out())));
    }
}
