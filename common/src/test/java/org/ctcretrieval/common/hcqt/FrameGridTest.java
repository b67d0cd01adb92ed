package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden boundaries computed with numpy as ctc_chroma's median_bin_salience does (frames_to_time, arange, searchsorted). */
class FrameGridTest {
    static int[] grid(int n) {
        return FrameGrid.boundaries(n, 22050, 256, 25);
    }

    @Test
    void matchesNumpyGoldenValues() {
        assertArrayEquals(new int[] {0, 1}, grid(1));
        assertArrayEquals(new int[] {0, 4}, grid(4));
        assertArrayEquals(new int[] {0, 4, 5}, grid(5));
        int[] b = grid(442); // last hop time 5.12 s equals the excluded arange end: 128 frames
        assertEquals(129, b.length);
        assertArrayEquals(new int[] {0, 4, 7, 11, 14, 18, 21, 25}, java.util.Arrays.copyOf(b, 8));
        assertArrayEquals(new int[] {431, 435, 438, 442}, java.util.Arrays.copyOfRange(b, 125, 129));
        int[] c = grid(443);
        assertEquals(130, c.length);
        assertArrayEquals(new int[] {435, 438, 441, 443}, java.util.Arrays.copyOfRange(c, 126, 130));
        int[] d = grid(4411);
        assertEquals(1281, d.length);
        assertArrayEquals(new int[] {4400, 4404, 4407, 4411}, java.util.Arrays.copyOfRange(d, 1277, 1281));
    }

    @Test
    void floatingPointTiesFollowNumpy() {
        // where i·0.04 and j·256/22050 coincide mathematically, rounding decides; numpy gives ceil(i·3.4453125)+1 here
        int[] b = grid(100_000);
        assertEquals(15436, b[4480]);
        assertEquals(18082, b[5248]);
        assertEquals(20728, b[6016]);
        for (int i = 0; i + 2 < b.length; i++) {
            int len = b[i + 1] - b[i];
            assertTrue(len == 3 || len == 4, "frame " + i + " has " + len + " hop frames");
        }
    }
}
