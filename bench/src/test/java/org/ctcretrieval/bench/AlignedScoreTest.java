package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.query.score.MeasureRange;
import org.junit.jupiter.api.Test;

/** Measures of real ASAP scores located in their beat annotations. */
class AlignedScoreTest {
    static Path asap() {
        return SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset subset");
    }

    static AlignedScore read(String folder) throws IOException {
        Path d = asap().resolve(folder);
        return AlignedScore.read(d.resolve("xml_score.mxl"), d.resolve("midi_score.mid"), d.resolve("midi_score_annotations.txt"));
    }

    @Test
    void bachFugue848MeasuresFallOnTheirDownbeats() throws IOException {
        // midi_score_annotations.txt: beats every 0.5 s from 1.0 s (line 0), downbeats every 2.0 s from 2.0 s
        // (line 2); 4/4 at 0.5 s per quarter. Measure 1 starts at 0.0 s where nothing is annotated (the fugue
        // begins after rests); measure 2 (ordinal 1) starts at quarter 4 = 2.0 s = line (2.0 - 1.0) / 0.5 = 2;
        // measure 3 at 4.0 s = line 6; measure 6 at quarter 20 = 10.0 s = line 18.
        AlignedScore s = read("Bach/Fugue/bwv_848");
        assertEquals(55, s.measures().measures().size());
        assertEquals(55, s.linearMeasures(), "no repeats");
        assertEquals(-1, s.downbeatLine(0));
        assertEquals(2, s.downbeatLine(1));
        assertEquals(6, s.downbeatLine(2));
        List<AlignedScore.Window> w = s.windows(4, 4, 1);
        AlignedScore.Window first = w.get(0);
        assertEquals(new MeasureRange(2, 5), first.numbers());
        assertEquals(2, first.startLine());
        assertEquals(18, first.endLine());
        // 4-measure windows start at measures 2..51 (ordinal 1..50; the one after measure 55 has no downbeat)
        assertEquals(50, w.size());
    }

    @Test
    void scoreWithRepeatsIsOnlyUsedBeforeTheFirstRepeat() throws IOException {
        AlignedScore s = read("Beethoven/Piano_Sonatas/17-1");
        assertTrue(s.linearMeasures() < s.measures().measures().size(), "17-1 has a repeat");
        for (AlignedScore.Window w : s.windows(4, 8, 1)) {
            assertTrue(w.lastOrdinal() < s.linearMeasures(), "window after the first repeat: " + w);
        }
    }
}
