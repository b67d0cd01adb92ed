package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HcqtFeaturesTest {
    /** The shortcut for powers below the −80 dB floor returns exactly what the logarithm would give. */
    @Test
    void floorShortcutEqualsLogarithm() {
        Random rnd = new Random(3);
        for (float ref : new float[] {1e-12f, 1e-9f, 3.7e-4f, 1f, 52.5f}) {
            double refDb = HcqtFeatures.referenceDb(ref);
            double floor = Math.pow(10, (refDb - 80) / 10) * (1 - 1e-6);
            double exact = Math.pow(10, (refDb - 80) / 10);
            int below = 0;
            for (int i = 0; i < 200000; i++) {
                // powers spread over 40 dB around the floor, and many within 1e-5 of it
                double p = i % 2 == 0 ? exact * Math.pow(10, rnd.nextDouble() * 4 - 2)
                        : exact * (1 + (rnd.nextDouble() - 0.5) * 2e-5);
                float power = (float) p;
                double a = HcqtFeatures.db(power, refDb);
                double b = HcqtFeatures.floorDb(power, refDb, floor);
                assertEquals(a, b, 0.0, "power " + power + ", reference " + ref);
                if (Math.max(1e-10, power) < floor) below++;
            }
            // the floor lies above amin² (−100 dB) only for references above −20 dB
            if (ref >= 1f) assertEquals(true, below > 10000, "the shortcut is taken (reference " + ref + ")");
        }
    }
}
