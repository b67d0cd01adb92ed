package org.ctcretrieval.common.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimatorTest {
    /**
     * The blocked polyphase loop of {@code fir} gives bit-identical outputs to the direct form (each output's taps
     * summed one by one in ascending order), for every factor and filter the product uses, over the whole signal
     * including both edges, and on stretches that start mid-signal; both the polyphase loop (short runs of outputs)
     * and the lane loop (long runs, in several passes).
     */
    @Test
    void polyphaseBlocksEqualTheDirectFormBitForBit() {
        Random rnd = new Random(7);
        for (int length : new int[] {2000, 5003, 150001}) {
            float[] x = new float[length];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            assertBlocksEqualDirectForm(x);
        }
    }

    private static void assertBlocksEqualDirectForm(float[] x) {
        for (Resampler.Filter filter : Resampler.Filter.values()) {
            for (int step : new int[] {2, 3, 4}) {
                Decimator d = new Decimator(step, filter, false);
                int outputs = (int) d.computedLength(x.length);
                float[] y = new float[outputs];
                d.fir(x, 0, x.length, y, 0, 0, outputs);
                for (int t = 0; t < outputs; t++) {
                    float direct = d.edgeSample(x, 0, x.length, (long) t * step);
                    assertEquals(Float.floatToIntBits(direct), Float.floatToIntBits(y[t]),
                            filter + " step " + step + " output " + t);
                }
                // a stretch of the input holding just what a middle run of outputs reads
                int first = outputs / 5, count = outputs / 2;
                int from = Math.max(0, first * step - d.before());
                int to = Math.min(x.length, (first + count - 1) * step + d.after() + 1);
                float[] stretch = java.util.Arrays.copyOfRange(x, from, to);
                float[] z = new float[count + 3];
                d.fir(stretch, from, x.length, z, 3, first, count);
                for (int i = 0; i < count; i++) {
                    assertEquals(Float.floatToIntBits(y[first + i]), Float.floatToIntBits(z[3 + i]), "stretch output " + i);
                }
            }
        }
    }
}
