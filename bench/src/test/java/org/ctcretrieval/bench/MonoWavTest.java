package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV round trip, cutting, normalisation and seeded noise. */
class MonoWavTest {
    @TempDir Path dir;

    static MonoWav sine(int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = (float) (0.25 * Math.sin(2 * Math.PI * 440 * i / 22050.0));
        return new MonoWav(s, 22050);
    }

    static double rms(float[] s) {
        double e = 0;
        for (float v : s) e += (double) v * v;
        return Math.sqrt(e / s.length);
    }

    @Test
    void writeThenReadKeepsSamplesTo16BitPrecision() throws Exception {
        MonoWav a = sine(1000);
        Path f = dir.resolve("a.wav");
        a.write(f);
        MonoWav b = MonoWav.read(f);
        assertEquals(22050, b.sampleRate());
        assertEquals(1000, b.samples().length);
        // written as round(x * 32767), read as v / 32768: error below 1.5 / 32768
        for (int i = 0; i < 1000; i++) assertEquals(a.samples()[i], b.samples()[i], 1.5 / 32768);
    }

    @Test
    void truncatesAndNormalisesThePeak() {
        MonoWav a = sine(22050);
        assertEquals(11025, a.truncated(0.5).samples().length);
        assertEquals(22050, a.truncated(3).samples().length, "shorter audio is kept whole");
        float peak = 0;
        for (float v : a.peakNormalized(0.9).samples()) peak = Math.max(peak, Math.abs(v));
        assertEquals(0.9, peak, 1e-6);
    }

    @Test
    void noiseHasTheRequestedSnrAndDependsOnlyOnTheSeed() {
        MonoWav clean = sine(220500);
        MonoWav noisy = clean.withNoise(20, 42);
        float[] noise = new float[clean.samples().length];
        for (int i = 0; i < noise.length; i++) noise[i] = noisy.samples()[i] - clean.samples()[i];
        // SNR = 20 log10(rms signal / rms noise); 220500 Gaussian samples: estimate within 0.1 dB
        double snr = 20 * Math.log10(rms(clean.samples()) / rms(noise));
        assertEquals(20, snr, 0.1);
        assertArrayEquals(noisy.samples(), clean.withNoise(20, 42).samples());
        assertFalse(Arrays.equals(noisy.samples(), clean.withNoise(20, 43).samples()));
    }
}
