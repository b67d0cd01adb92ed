package org.ctcretrieval.common.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.chroma.Cens;
import org.ctcretrieval.common.chroma.CqtChroma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioAnalysisTest {
    @TempDir Path dir;

    @Test
    void analysisOfTheLoadedSignalIsReturned() throws Exception {
        Path wav = TestAudio.writeWav(dir.resolve("tone.wav"), 22050, true, TestAudio.sine(440, 0.5, 22050, 22050));
        assertEquals(22050, (int) AudioAnalysis.apply(wav, "length", y -> y.length));
    }

    @Test
    void aSignalTheAnalysisRefusesIsReportedWithTheFileName() throws Exception {
        // 10 samples: shorter than the HCQT's reflect padding allows.
        Path wav = TestAudio.writeWav(dir.resolve("click.wav"), 22050, true, TestAudio.sine(440, 0.5, 22050, 10));
        InputException cqt = assertThrows(InputException.class, () -> new CqtChroma().extract(wav));
        assertTrue(cqt.getMessage().startsWith(wav + ": cannot compute chroma features: "), cqt.getMessage());
        assertTrue(cqt.getMessage().endsWith("(10 samples at 22050 Hz)"), cqt.getMessage());
        InputException cens = assertThrows(InputException.class, () -> new Cens().extract(wav));
        assertTrue(cens.getMessage().startsWith(wav + ": cannot compute CENS features: "), cens.getMessage());
    }
}
