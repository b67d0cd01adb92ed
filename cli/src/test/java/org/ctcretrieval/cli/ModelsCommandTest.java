package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {
    @TempDir Path tmp;

    private String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ModelsCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(expectedExit, cli.execute(args), String.join(" ", args));
        return out.toString();
    }

    @Test
    void listJsonReportsAvailabilityAndRecommendation() throws Exception {
        Path models = SharedData.require(SharedData.modelCheckpoints(), "checkpoints");
        JsonNode doc = new ObjectMapper().readTree(run(0, "list", "--json", "--models-dir", models.toString()));
        assertEquals(models.toString(), doc.get("checkpointDir").asText());
        assertTrue(doc.get("recommendation").asText().startsWith("v2_ctc_* are recommended"));
        JsonNode rows = doc.get("models");
        assertEquals(25, rows.size());
        int recommended = 0;
        for (JsonNode row : rows) {
            assertTrue(row.get("available").asBoolean(), row.toString());
            if (row.get("recommended").asBoolean()) {
                recommended++;
                assertTrue(row.get("id").asText().startsWith("v2_ctc_"), row.toString());
            }
        }
        assertEquals(5, recommended);
        assertEquals("v2_ctc_train345valid1", rows.get(12).get("id").asText());
        assertTrue(rows.get(12).get("default").asBoolean());
        assertEquals("cross-entropy, strong alignment", rows.get(24).get("training").asText());
    }

    @Test
    void listTableMarksMissingCheckpoints() {
        String table = run(0, "list", "--models-dir", tmp.toString());
        assertTrue(table.contains("v1_ctc_train1234valid5     no        no          [1]   CTC"), table);
        assertTrue(table.contains("(0 of 25 present)"), table);
    }

    @Test
    void convertWritesTheOnnxFileIntoTheCache() throws Exception {
        Path cache = tmp.resolve("cache");
        String out = run(0, "convert", "v1_ctc_train451valid2", "--models-dir",
                SharedData.modelCheckpoints().toString(), "--cache-dir", cache.toString());
        String[] fields = out.trim().split("\t");
        assertEquals("v1_ctc_train451valid2", fields[0]);
        Path onnx = Path.of(fields[1]);
        assertEquals(cache, onnx.getParent());
        assertTrue(Files.size(onnx) > 300_000, "ONNX file holds the weights");
    }

    @Test
    void convertFailsForUnknownIdOrEmptyFolder() {
        assertEquals("", run(1, "convert", "v9_ctc", "--cache-dir", tmp.toString()));
        assertEquals("", run(1, "convert", "--all", "--models-dir", tmp.toString(), "--cache-dir", tmp.toString()));
        assertFalse(Files.exists(tmp.resolve("onnx")));
    }
}
