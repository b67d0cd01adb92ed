package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunked and streaming HCQT equals the whole-signal computation ({@link CqtRunner} on whole resampled
 * signals) bit for bit, whatever the chunk length, block size, thread count and signal length.
 */
class HcqtStreamTest {
    /** Tones with a little noise and a silent stretch; {@code seconds} may cut a hop anywhere. */
    static float[] signal(int samples, long seed) {
        Random rnd = new Random(seed);
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            double t = i / Hcqt.SAMPLE_RATE;
            y[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1318.5 * t)
                    + 0.1 * Math.sin(2 * Math.PI * 41 * t) + 0.01 * rnd.nextGaussian());
        }
        for (int i = samples / 3; i < Math.min(samples, samples / 3 + 3000); i++) y[i] = 0;
        return y;
    }

    static void assertSameFeatures(HcqtFeatures expected, HcqtFeatures actual, String what) {
        assertArrayEquals(expected.frameBoundaries(), actual.frameBoundaries(), what + ": boundaries");
        assertEquals(expected.referenceMagnitude(), actual.referenceMagnitude(), 0.0, what + ": reference");
        assertArrayEquals(expected.networkInputFlat(), actual.networkInputFlat(), 0f, what + ": network input");
        for (int h = 0; h < Hcqt.HARMONICS.length; h++) {
            float[][] a = expected.medianMagnitude(h);
            float[][] b = actual.medianMagnitude(h);
            for (int t = 0; t < a.length; t++) assertArrayEquals(a[t], b[t], 0f, what + ": h " + h + " frame " + t);
        }
    }

    @Test
    void chunkedFeaturesEqualWholeSignalForEveryChunkLength() {
        Hcqt hcqt = new Hcqt(2);
        // awkward lengths: odd, not a multiple of any hop, one sample past a hop, shorter than one chunk
        for (int samples : new int[] {22050 * 7 + 131, 22050 * 4 + 256 * 17 + 1, 5000, 65}) {
            float[] y = signal(samples, samples);
            HcqtFeatures whole = hcqt.wholeSignalFeatures(y);
            for (int chunk : new int[] {1, 3, 7, 50, 400}) {
                assertSameFeatures(whole, hcqt.features(y, chunk), samples + " samples, chunks of " + chunk);
            }
        }
    }

    @Test
    void singleThreadEqualsTwoThreads() {
        float[] y = signal(22050 * 3 + 77, 1);
        assertSameFeatures(new Hcqt(1).wholeSignalFeatures(y), new Hcqt(1).features(y, 10), "1 thread");
        assertSameFeatures(new Hcqt(1).wholeSignalFeatures(y), new Hcqt(3).features(y, 10), "3 threads");
    }

    @Test
    void fundamentalEqualsWholeSignal() {
        Hcqt hcqt = new Hcqt(2);
        for (int samples : new int[] {22050 * 5 + 3, 1000}) {
            float[] y = signal(samples, 3);
            float[][] a = hcqt.wholeSignalFundamental(y);
            float[][] b = hcqt.fundamentalMedianMagnitude(y);
            assertEquals(a.length, b.length);
            for (int t = 0; t < a.length; t++) assertArrayEquals(a[t], b[t], 0f, samples + " samples, frame " + t);
        }
    }

    /** Collects delivered blocks into whole arrays and checks they arrive in order. */
    static final class Collector implements HcqtStream.BlockSink {
        final List<ReducedBlock> blocks = new ArrayList<>();
        int next;

        @Override
        public void accept(ReducedBlock block) {
            assertEquals(next, block.firstFrame(), "blocks in order");
            next += block.frames();
            blocks.add(block);
        }

        HcqtFeatures features(int[] bounds) {
            int rows = blocks.get(0).rows();
            float[] lower = new float[rows * (bounds.length - 1)];
            float[] upper = new float[lower.length];
            float max = 0;
            for (ReducedBlock b : blocks) {
                System.arraycopy(b.lower(), 0, lower, b.firstFrame() * rows, b.lower().length);
                System.arraycopy(b.upper(), 0, upper, b.firstFrame() * rows, b.upper().length);
                max = Math.max(max, b.maxPower());
            }
            assertEquals(bounds.length - 1, next, "every frame delivered");
            return new HcqtFeatures(bounds, rows, lower, upper, max);
        }
    }

    @Test
    void streamedBlocksEqualWholeSignal() throws IOException {
        Random rnd = new Random(9);
        for (int samples : new int[] {22050 * 30 + 999, 3000}) {
            float[] y = signal(samples, samples + 1);
            HcqtFeatures whole = new Hcqt(1).wholeSignalFeatures(y);
            for (int[] run : new int[][] {{1, 100}, {2, 25}, {2, HcqtStream.DEFAULT_CHUNK_FRAMES}}) {
                int threads = run[0];
                int chunk = run[1];
                Collector c = new Collector();
                int[] bounds;
                int capacity;
                try (HcqtStream s = new Hcqt(threads).stream(c, chunk)) {
                    int pos = 0;
                    while (pos < y.length) {
                        int n = Math.min(y.length - pos, 1 + rnd.nextInt(30000));
                        float[] block = java.util.Arrays.copyOfRange(y, pos, pos + n);
                        s.accept(block, n);
                        pos += n;
                    }
                    bounds = s.finish();
                    capacity = s.bufferCapacity();
                }
                String what = samples + " samples, " + threads + " threads, chunks of " + chunk;
                assertSameFeatures(whole, c.features(bounds), what);
                if (chunk == 25 && samples > 22050 * 20) {
                    // 1 s chunks need about 4 s of samples (chunk, context, slack): the 30 s are never all held
                    assertTrue(capacity <= 1 << 18, what + ": buffer of " + capacity + " samples");
                }
            }
        }
    }

    @Test
    void streamRefusesWhatFeaturesRefuses() throws IOException {
        Hcqt hcqt = new Hcqt(2);
        try (HcqtStream s = hcqt.stream(b -> { })) {
            s.accept(new float[64], 64);
            assertThrows(IllegalArgumentException.class, s::finish);
        }
        try (HcqtStream s = hcqt.stream(b -> { })) {
            float[] bad = new float[100];
            bad[50] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.accept(bad, 100));
            assertEquals("audio buffer is not finite at sample 50", e.getMessage());
        }
    }

    @Test
    void reflectedRangeCoversEveryReflectedIndex() {
        for (int len = 1; len < 12; len++) {
            for (int a = -30; a < 30; a++) {
                for (int b = a + 1; b < a + 20; b++) {
                    long[] r = ChunkPlan.reflectedRange(a, b, len);
                    for (int i = a; i < b; i++) {
                        int j = CqtRunner.reflect(i, len);
                        if (j < r[0] || j >= r[1]) throw new AssertionError(len + " " + a + " " + b + " " + i);
                    }
                }
            }
        }
    }
}
