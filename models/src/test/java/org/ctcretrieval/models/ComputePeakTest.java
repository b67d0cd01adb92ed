package org.ctcretrieval.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComputePeakTest {
    /** Counted by hand from ctc_chroma's models.py: 3x3 (6->64, 64->32, 32->32, 32->32), 3x42 (32->8), 1x1 (8->1). */
    @Test
    void networkFlopsFollowTheArchitecture() {
        long macsPerPitch = 9 * 6 * 64 + 9 * 64 * 32 + 9 * 32 * 32 + 9 * 32 * 32 + 3 * 42 * 32 * 8 + 8;
        double expected = 2.0 * (216 * macsPerPitch + 216 * 13);
        assertEquals(expected, ComputePeak.networkFlopsPerFrame(), 0);
        double perAudioSecond = 25 * ComputePeak.networkFlopsPerFrame() / 1e9;
        assertTrue(perAudioSecond > 0.78 && perAudioSecond < 0.79, "GFLOP per audio second: " + perAudioSecond);
    }

    @Test
    void matMulPeakIsAPositiveRate() throws Exception {
        double gflops = ComputePeak.matMulGflops(64, 1, 3);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "GFLOP/s: " + gflops);
        assertThrows(IllegalArgumentException.class, () -> ComputePeak.matMulGflops(0, 1, 1));
    }
}
