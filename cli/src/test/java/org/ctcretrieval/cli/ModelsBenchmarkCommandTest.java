package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code ctcr models benchmark} on a short input, with ONNX Runtime's threads waiting quietly or spinning. */
class ModelsBenchmarkCommandTest {
    @Test
    void reportsTheSpeedAndWhetherThreadsSpin() throws Exception {
        for (boolean spin : new boolean[] {false, true}) {
            CliRun r = spin ? CliRun.of("models", "benchmark", "--frames", "60", "--repeat", "1", "--spin", "--json")
                    : CliRun.of("models", "benchmark", "--frames", "60", "--repeat", "1", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals(spin, doc.get("spinning").asBoolean(), r.out());
            assertEquals(60, doc.get("frames").asInt());
            assertTrue(doc.get("timesRealTime").asDouble() > 0, r.out());
        }
    }
}
