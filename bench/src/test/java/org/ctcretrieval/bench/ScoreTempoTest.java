package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTempoTest {
    @TempDir Path dir;

    @Test
    void dropsSoundTempoAndMetronomeMarksOnly() {
        String xml = "<direction><direction-type><metronome parentheses=\"no\"><beat-unit>quarter</beat-unit>"
                + "<per-minute>96</per-minute></metronome></direction-type><sound tempo=\"96\" dynamics=\"80\"/></direction>"
                + "<sound tempo='60'/>";
        assertTrue(ScoreTempo.isMarked(xml));
        String out = ScoreTempo.withoutTempo(xml);
        assertEquals("<direction><direction-type><words/></direction-type><sound dynamics=\"80\"/></direction><sound/>", out);
        assertFalse(ScoreTempo.isMarked(out));
    }

    @Test
    void aCopyWithoutTempoIsReadAtTheDefaultTempo() throws Exception {
        Path asap = SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset subset");
        Path mxl = asap.resolve("Beethoven/Piano_Sonatas/12-1/xml_score.mxl");
        assertTrue(ScoreTempo.isMarked(ScoreTempo.read(mxl)));
        Score marked = ScoreReader.read(mxl);
        assertEquals("file", marked.tempoSource());
        Path copy = dir.resolve("copy.musicxml");
        ScoreTempo.writeWithoutTempo(mxl, copy);
        Score plain = ScoreReader.read(copy);
        assertEquals("default", plain.tempoSource());
        assertEquals(marked.notes().size(), plain.notes().size(), "only the tempo changes");
        assertEquals(marked.durationBeats(), plain.durationBeats(), 1e-9);
    }
}
