package org.ctcretrieval.common.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.Test;

/** Block-wise checks agree with whole-signal checks. */
class AudioContentCheckTest {
    static final Path FILE = Path.of("rec.flac");

    @Test
    void oneNonZeroSampleInAnyBlockIsEnough() throws Exception {
        AudioContentCheck check = new AudioContentCheck(FILE);
        check.accept(new float[100], 100);
        check.accept(new float[] {0f, 1e-30f, 5f}, 2); // only the first 2 samples count
        check.finish();
    }

    @Test
    void zerosOnlyOrNothing() throws Exception {
        AudioContentCheck silent = new AudioContentCheck(FILE);
        silent.accept(new float[] {0f, -0f, 7f}, 2);
        assertEquals("rec.flac: contains only silence (all samples are zero)",
                assertThrows(InputException.class, silent::finish).getMessage());
        assertEquals("rec.flac: contains no audio samples (zero-length audio)",
                assertThrows(InputException.class, () -> AudioContentCheck.require(FILE, new float[0])).getMessage());
    }

    @Test
    void nonFiniteSampleIsLocated() throws Exception {
        AudioContentCheck check = new AudioContentCheck(FILE);
        check.accept(new float[] {0.1f, 0.2f}, 2);
        InputException e = assertThrows(InputException.class,
                () -> check.accept(new float[] {0.3f, Float.POSITIVE_INFINITY}, 2));
        assertEquals("rec.flac: contains invalid sample values (NaN or infinity) at sample 3", e.getMessage());
    }
}
