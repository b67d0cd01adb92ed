package org.ctcretrieval.common.chroma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CqtChromaTest {
    static final double SR = 22050;

    /** Notes with three decaying partials (1, 1/2, 1/4), as a crude instrument. */
    static float[] chord(double seconds, double... freqs) {
        float[] y = new float[(int) (seconds * SR)];
        for (int i = 0; i < y.length; i++) {
            double v = 0;
            for (double f : freqs) {
                for (int p = 1; p <= 3; p++) v += Math.sin(2 * Math.PI * f * p * i / SR) / (1 << (p - 1));
            }
            y[i] = (float) (0.15 * v);
        }
        return y;
    }

    static int[] topClasses(float[] meanChroma, int k) {
        Integer[] idx = new Integer[12];
        for (int i = 0; i < 12; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Float.compare(meanChroma[b], meanChroma[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        Arrays.sort(out);
        return out;
    }

    static float[] mean(FeatureSequence s) {
        float[] m = new float[s.dimension()];
        for (float[] f : s.frames()) for (int c = 0; c < m.length; c++) m[c] += f[c] / s.length();
        return m;
    }

    @Test
    void cMajorTriadGivesCEG() {
        FeatureSequence s = new CqtChroma(new Hcqt(2)).compute(chord(2, 261.63, 329.63, 392.00));
        assertEquals("cqt", s.featureId());
        assertEquals(25.0, s.frameRate());
        assertEquals(12, s.dimension());
        assertEquals(50, s.length(), 1);
        assertArrayEquals(new int[] {0, 4, 7}, topClasses(mean(s), 3));
        for (float[] f : s.frames()) {
            double n = 0;
            for (float v : f) n += v * v;
            assertEquals(1.0, n, 1e-5);
        }
    }

    @Test
    void poolingMatchesModelPoolingMatrix() {
        // ctc_chroma layer_with_weights-6: bin b -> class (b // 3) % 12
        assertEquals(0, CqtChroma.pitchClass(0));
        assertEquals(0, CqtChroma.pitchClass(2));
        assertEquals(1, CqtChroma.pitchClass(3));
        assertEquals(11, CqtChroma.pitchClass(35));
        assertEquals(0, CqtChroma.pitchClass(36));
        assertEquals(11, CqtChroma.pitchClass(215));
        float[][] pitch = new float[1][216];
        pitch[0][4] = 2;   // class 1
        pitch[0][40] = 3;  // class 1
        pitch[0][213] = 5; // class 11
        float[][] pooled = CqtChroma.pool(pitch);
        assertEquals(5, pooled[0][1]);
        assertEquals(5, pooled[0][11]);
        float[][] norm = CqtChroma.normalize(new float[][] {{3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, new float[12]});
        assertEquals(0.6f, norm[0][0], 1e-7);
        assertEquals(0.8f, norm[0][1], 1e-7);
        for (float v : norm[1]) assertEquals(1 / Math.sqrt(12), v, 1e-7);
    }

    @Test
    void fundamentalOnlyPathEqualsFullHcqtSlice() {
        float[] y = chord(1.5, 220, 277.18);
        Hcqt hcqt = new Hcqt(2);
        float[][] a = hcqt.fundamentalMedianMagnitude(y);
        HcqtFeatures f = hcqt.features(y);
        float[][] b = f.medianMagnitude(Hcqt.FUNDAMENTAL);
        assertEquals(b.length, a.length);
        for (int t = 0; t < a.length; t++) assertArrayEquals(b[t], a[t]);
        FeatureSequence direct = new CqtChroma(hcqt).compute(y);
        FeatureSequence shared = CqtChroma.fromFeatures(f);
        for (int t = 0; t < a.length; t++) assertArrayEquals(direct.frame(t), shared.frame(t));
        Cens cens = new Cens(new CqtChroma(hcqt), 41, 10);
        FeatureSequence c1 = cens.compute(y);
        FeatureSequence c2 = cens.fromFeatures(f);
        assertEquals(c1.length(), c2.length());
        for (int t = 0; t < c1.length(); t++) assertArrayEquals(c1.frame(t), c2.frame(t));
    }

    @Test
    void extractDecodesAFile(@TempDir Path dir) throws IOException {
        Path wav = writeWav(dir.resolve("triad.wav"), 44100, chordAt(44100, 1.5, 261.63, 329.63, 392.00));
        FeatureSequence s = new CqtChroma().extract(wav);
        assertArrayEquals(new int[] {0, 4, 7}, topClasses(mean(s), 3));
        assertEquals(37, s.length(), 2);

        Path tiny = writeWav(dir.resolve("tiny.wav"), 22050, new float[2]);
        InputException e = assertThrows(InputException.class, () -> new CqtChroma().extract(tiny));
        assertTrue(e.getMessage().contains("tiny.wav"), e.getMessage());
    }

    @Test
    void exampleRecordingGivesChromaForItsWholeDuration() throws IOException {
        Path wav = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op067-01_DavidHighSchool.wav"),
                "ctc_chroma example recording");
        FeatureSequence s = new CqtChroma().extract(wav);
        double seconds = (Files.size(wav) - 44) / 2.0 / 22050; // 16-bit mono
        assertEquals(seconds * 25, s.length(), 3);
        // G-G-G-Eb (held from about 1 s to 3 s), F-F-F-D (held from about 4 s to 6 s)
        assertEquals(3, argmax(s, 25, 75), "held E flat");
        assertEquals(2, argmax(s, 100, 150), "held D");
    }

    static int argmax(FeatureSequence s, int from, int to) {
        float[] m = new float[12];
        for (int t = from; t < to; t++) for (int c = 0; c < 12; c++) m[c] += s.frame(t)[c];
        int best = 0;
        for (int c = 1; c < 12; c++) if (m[c] > m[best]) best = c;
        return best;
    }

    static float[] chordAt(int sr, double seconds, double... freqs) {
        float[] y = new float[(int) (seconds * sr)];
        for (int i = 0; i < y.length; i++) {
            double v = 0;
            for (double f : freqs) v += Math.sin(2 * Math.PI * f * i / sr);
            y[i] = (float) (0.25 * v);
        }
        return y;
    }

    /** 16-bit PCM mono WAV. */
    static Path writeWav(Path file, int sr, float[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sr).putInt(2 * sr)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples.length);
        for (float v : samples) b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
        Files.write(file, b.array());
        return file;
    }
}
