package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code ctcr bench-index} on a tiny collection: every file indexed, both figures and their ratio reported. */
class BenchIndexCommandTest {
    @Test
    void indexesTheGeneratedCollectionAndComparesWithThePipeline() throws Exception {
        // 36 s of audio in files of 12 s at three rates: three files, so two workers with one thread each
        CliRun r = CliRun.of("bench-index", "--hours", "0.01", "--file-minutes", "0.2", "--rates", "44100,48000,22050",
                "--pipeline-minutes", "0.2", "--threads", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(3, root.get("files").asInt());
        assertEquals(0.01, root.get("audioHours").asDouble(), 1e-6);
        assertEquals("2 worker(s) x [1, 1] thread(s)", root.get("plan").asText());
        for (String f : new String[] {"indexXRealTime", "pipelineXRealTime", "indexToPipeline", "indexAudioPerCpu"}) {
            assertTrue(root.get(f).asDouble() > 0, f + ": " + root);
        }
        double ratio = root.get("indexXRealTime").asDouble() / root.get("pipelineXRealTime").asDouble();
        assertEquals(ratio, root.get("indexToPipeline").asDouble(), 1e-9);
    }

    @Test
    void refusesAnImpossibleCollection() {
        CliRun r = CliRun.of("bench-index", "--hours", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--hours"), r.err());
    }
}
