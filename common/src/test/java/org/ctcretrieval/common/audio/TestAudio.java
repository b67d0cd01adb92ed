package org.ctcretrieval.common.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixtures for the decoder tests: sine signals, a minimal RIFF/WAV writer written from the format specification
 * (independent of Java Sound), and conversion of such WAVs to other formats with the ffmpeg command line.
 * (The {@code testdata} module has fuller generators, but it depends on this module, so it cannot serve these tests.)
 */
final class TestAudio {
    private TestAudio() {}

    /** {@code amplitude * sin(2 pi f n / sr)} for n in [0, n). */
    static float[] sine(double freq, double amplitude, int sampleRate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / sampleRate));
        return x;
    }

    /** Writes interleaved channels as a canonical 44-byte-header WAV: 16-bit PCM (format 1) or 32-bit float (3). */
    static Path writeWav(Path file, int sampleRate, boolean float32, float[]... channels) throws IOException {
        int n = channels[0].length;
        int ch = channels.length;
        int bytesPerSample = float32 ? 4 : 2;
        int dataBytes = n * ch * bytesPerSample;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) (float32 ? 3 : 1)).putShort((short) ch).putInt(sampleRate)
                .putInt(sampleRate * ch * bytesPerSample).putShort((short) (ch * bytesPerSample))
                .putShort((short) (8 * bytesPerSample));
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < n; i++) {
            for (float[] c : channels) {
                if (float32) b.putFloat(c[i]);
                else b.putShort(pcm16(c[i]));
            }
        }
        Files.write(file, b.array());
        return file;
    }

    /** The 16-bit code written for {@code v}: rint(v * 32767) (ties to even), clipped. */
    static short pcm16(float v) {
        return (short) Math.max(-32768, Math.min(32767, Math.rint(v * 32767.0)));
    }

    /** Runs {@code ffmpeg -i in <codecArgs> out} and fails the test with ffmpeg's output if it does not succeed. */
    static Path ffmpegConvert(Path in, Path out, String... codecArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-i", in.toString()));
        cmd.addAll(List.of(codecArgs));
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail("ffmpeg could not make fixture " + out + ": " + log);
        return out;
    }

    /** Magnitude of the DFT of {@code x} at frequency {@code f} (Hz), normalised by the length (Goertzel). */
    static double dftMagnitude(float[] x, int sampleRate, double f) {
        double w = 2 * Math.PI * f / sampleRate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0, s2 = 0;
        for (float v : x) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double re = s1 - s2 * Math.cos(w);
        double im = s2 * Math.sin(w);
        return Math.hypot(re, im) / x.length;
    }

    /** Frequency in [lo, hi] (steps of {@code step} Hz) where the DFT magnitude of {@code x} is largest. */
    static double dominantFrequency(float[] x, int sampleRate, double lo, double hi, double step) {
        double best = lo, bestMag = -1;
        for (double f = lo; f <= hi + 1e-9; f += step) {
            double m = dftMagnitude(x, sampleRate, f);
            if (m > bestMag) {
                bestMag = m;
                best = f;
            }
        }
        return best;
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    static void assertSamplesClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": sample count");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tol) {
                fail(what + ": sample " + i + " is " + actual[i] + ", expected " + expected[i] + " +- " + tol);
            }
        }
    }

    /** A decoded file and the channel count its stream reported (one decoding run). */
    record Decoded(AudioSignal signal, int channels) {}

    /** Decodes {@code file} block-wise with the standard decoder, keeping the reported channel count. */
    static Decoded decodeCountingChannels(Path file) throws IOException {
        try (AudioStream in = AudioDecoder.open(file)) {
            float[] all = new float[0];
            float[] block = new float[8192];
            int got;
            while ((got = in.read(block)) >= 0) {
                all = java.util.Arrays.copyOf(all, all.length + got);
                System.arraycopy(block, 0, all, all.length - got, got);
            }
            return new Decoded(new AudioSignal(all, in.sampleRate(), file), in.channels());
        }
    }
}
