package org.ctcretrieval.common.hcqt;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * End-to-end golden values of the ctc_chroma network input ({@code [T][216][6]}) from a separate numpy/scipy
 * implementation of librosa 0.7.2's cqt and ctc_chroma's feature steps ({@code scripts/golden/cqt_reference.py}):
 * 3 s of an integer-generated signal with 0.5 s of silence, every 3rd bin of five frames.
 */
class HcqtGoldenTest {

    @Test
    void networkInputMatchesNumpyPipeline() throws IOException {
        float[] y = ConstantQGoldenTest.signal(66150);
        Arrays.fill(y, 22050, 33075, 0f);
        HcqtFeatures f = new Hcqt(2).features(y);
        assertEquals(75, f.length());
        float[][][] x = f.networkInput();
        int count = 0;
        double worst = 0;
        try (InputStream in = getClass().getResourceAsStream("hcqt_features_golden.csv")) {
            assertNotNull(in, "hcqt_features_golden.csv missing from test resources");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                String[] p = line.split(",");
                int frame = Integer.parseInt(p[0]);
                int bin = Integer.parseInt(p[1]);
                int h = Integer.parseInt(p[2]);
                double expected = Double.parseDouble(p[3]);
                double diff = Math.abs(x[frame][bin][h] - expected);
                worst = Math.max(worst, diff);
                // values in [0, 1], float32 output. Measured worst 1.9e-6, in the silent part (frame 30) where
                // magnitudes 60-80 dB below the maximum come from cancelling sums; elsewhere below 1e-7
                assertEquals(expected, x[frame][bin][h], 5e-6, "frame " + frame + " bin " + bin + " harmonic " + h);
                count++;
            }
        }
        assertEquals(5 * 72 * 6, count);
        System.out.printf(Locale.ROOT, "network input vs numpy pipeline: worst absolute difference %.3g%n", worst);
    }
}
