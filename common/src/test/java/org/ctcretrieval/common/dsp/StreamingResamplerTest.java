package org.ctcretrieval.common.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Block-wise resampling equals whole-signal {@link Resampler#resample} bit for bit. */
class StreamingResamplerTest {
    static float[] noise(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (0.5 * Math.sin(i * 0.013) + 0.2 * rnd.nextGaussian());
        return x;
    }

    /** Feeds {@code x} in random-sized blocks and concatenates the output. */
    static float[] streamed(float[] x, double from, double to, Resampler.Filter filter, Random rnd, int maxBlock)
            throws IOException {
        StreamingResampler r = new StreamingResampler(from, to, filter);
        float[][] acc = {new float[16]};
        int[] n = {0};
        StreamingResampler.Output out = (s, c) -> {
            if (n[0] + c > acc[0].length) acc[0] = Arrays.copyOf(acc[0], Math.max(2 * acc[0].length, n[0] + c));
            System.arraycopy(s, 0, acc[0], n[0], c);
            n[0] += c;
        };
        int pos = 0;
        while (pos < x.length) {
            int len = Math.min(x.length - pos, rnd.nextInt(maxBlock + 1)); // zero-length blocks too
            r.push(Arrays.copyOfRange(x, pos, pos + len), len, out);
            pos += len;
        }
        long total = r.finish(out);
        assertEquals(n[0], total);
        return Arrays.copyOf(acc[0], n[0]);
    }

    @Test
    void everyRateAndBlockSizeEqualsWholeSignal() throws IOException {
        Random rnd = new Random(4);
        // integer decimation (44.1k, 88.2k), general ratios down (48k, 32k, 44.1k->16k) and up (8k, 16k), identity
        double[][] rates = {{44100, 22050}, {88200, 22050}, {48000, 22050}, {32000, 22050}, {8000, 22050},
            {16000, 22050}, {22050, 22050}, {44100, 16000}};
        for (double[] r : rates) {
            for (Resampler.Filter filter : Resampler.Filter.values()) {
                for (int n : new int[] {48000 + 7, 3001, 5}) {
                    float[] x = noise(n, n);
                    float[] whole;
                    try {
                        whole = Resampler.resample(x, r[0], r[1], filter);
                    } catch (IllegalArgumentException e) {
                        assertThrows(IllegalArgumentException.class,
                                () -> streamed(x, r[0], r[1], filter, rnd, 1000));
                        continue;
                    }
                    for (int maxBlock : new int[] {1, 333, 70000}) {
                        if (maxBlock == 1 && n > 5000) continue;
                        assertArrayEquals(whole, streamed(x, r[0], r[1], filter, rnd, maxBlock),
                                r[0] + " -> " + r[1] + " " + filter + ", " + n + " samples, blocks <= " + maxBlock);
                    }
                }
            }
        }
    }

    @Test
    void decimatorEqualsScaledResampleOnAnyStretch() {
        float[] x = noise(10007, 1);
        for (int step : new int[] {2, 4}) {
            Decimator d = new Decimator(step, Resampler.Filter.KAISER_FAST, true);
            float[] whole = Resampler.resample(x, 1.0, 1.0 / step, Resampler.Filter.KAISER_FAST, true);
            assertEquals(whole.length, d.outputLength(x.length));
            for (int first : new int[] {0, 1, 17, whole.length - 40, whole.length - 3}) {
                int count = whole.length - first;
                long lo = Math.max(0, (long) first * step - d.before());
                float[] stretch = Arrays.copyOfRange(x, (int) lo, x.length);
                float[] out = new float[count];
                d.apply(stretch, lo, x.length, out, 0, first, count);
                assertArrayEquals(Arrays.copyOfRange(whole, first, whole.length), out, "step " + step + " from " + first);
            }
        }
    }
}
