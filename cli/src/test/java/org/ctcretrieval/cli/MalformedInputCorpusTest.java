package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.testdata.MalformedAudio;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctcr index} over a folder of good recordings mixed with the generated malformed-audio corpus: every bad
 * file is named with its exact reason, the truncated one is indexed with a warning, and every good one is indexed.
 */
class MalformedInputCorpusTest {
    @TempDir Path dir;

    @BeforeEach
    void smallDurationLimit() {
        System.setProperty("ctcr.maxAudioHours", "0.001"); // 3.6 s
    }

    @AfterEach
    void restore() {
        System.clearProperty("ctcr.maxAudioHours");
    }

    @Test
    void eachBadFileHasItsExactReasonAndNothingElseIsLost() throws Exception {
        Path audio = dir.resolve("audio");
        List<Path> good = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] chord = SignalGenerator.chord(new int[] {60 + i, 64 + i, 67 + i}, new double[] {1, 0.5}, 2.0, 22050);
            good.add(WavWriter.write(audio.resolve("good" + i + ".wav"), 22050, WavWriter.Encoding.PCM_16, chord));
        }
        List<String> expectedFailures = new ArrayList<>();
        List<String> expectedWarnings = new ArrayList<>();
        int indexedBad = 0;
        for (MalformedAudio.Case c : MalformedAudio.corpus("0:00:03")) {
            Path f = c.writeTo(audio.resolve("bad"));
            String line = f.toAbsolutePath().normalize() + ": " + c.problem();
            if (c.refused()) {
                expectedFailures.add(line);
            } else {
                expectedWarnings.add(line);
                indexedBad++;
            }
        }
        Path index = dir.resolve("index");
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("index", "-i", audio.toAbsolutePath().toString(), "-x", index.toString(), "--features", "cqt",
                "--no-progress", "--json");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.code(), "failed files make the exit status 1: " + r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> failed = new ArrayList<>();
        json.get("failed").forEach(n -> failed.add(n.asText()));
        List<String> warnings = new ArrayList<>();
        json.get("warnings").forEach(n -> warnings.add(n.asText()));
        assertEquals(expectedFailures.stream().sorted().toList(), failed.stream().sorted().toList());
        assertEquals(expectedWarnings, warnings);
        assertEquals(good.size() + indexedBad, json.get("added").asInt());
        assertEquals(good.size() + indexedBad, json.get("recordings").asInt());
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertEquals(good.size() + indexedBad, s.recordings());
        }
        for (String f : expectedFailures) assertTrue(r.err().contains("not indexed: " + f), r.err());
        // the 1 Hz header is refused when opened, not after decoding 39 hours of resampled audio
        assertTrue(seconds < 120, "took " + seconds + " s");
    }
}
