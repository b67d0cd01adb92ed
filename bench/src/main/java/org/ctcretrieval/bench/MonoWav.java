package org.ctcretrieval.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.testdata.WavWriter;

/**
 * Mono audio as float samples in [-1, 1], read from and written to 16-bit PCM WAV files.
 *
 * @param samples    the samples
 * @param sampleRate samples per second
 */
public record MonoWav(float[] samples, int sampleRate) {

    /** Duration in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /**
     * Reads a 16-bit PCM WAV file, averaging its channels (downmix).
     *
     * @throws InputException if the file is not 16-bit PCM WAV
     */
    public static MonoWav read(Path file) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw new InputException(file, "expected 16-bit signed PCM audio, found " + f);
            }
            int channels = f.getChannels();
            byte[] bytes = readAll(in);
            int frames = bytes.length / (2 * channels);
            float[] out = new float[frames];
            boolean big = f.isBigEndian();
            for (int i = 0; i < frames; i++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    int o = (i * channels + c) * 2;
                    int lo = bytes[o + (big ? 1 : 0)] & 0xFF;
                    int hi = bytes[o + (big ? 0 : 1)];
                    sum += (short) ((hi << 8) | lo);
                }
                out[i] = (float) (sum / channels / 32768.0);
            }
            return new MonoWav(out, Math.round(f.getSampleRate()));
        } catch (UnsupportedAudioFileException e) {
            throw new InputException(file, "not a WAV file: " + e.getMessage(), e);
        }
    }

    /** The first {@code seconds} of the audio (all of it if shorter). */
    public MonoWav truncated(double seconds) {
        int n = (int) Math.min(samples.length, Math.round(seconds * sampleRate));
        return n == samples.length ? this : new MonoWav(java.util.Arrays.copyOf(samples, n), sampleRate);
    }

    /** Exactly {@code n} samples: cut, or padded with silence. */
    public MonoWav fitted(int n) {
        return n == samples.length ? this : new MonoWav(java.util.Arrays.copyOf(samples, n), sampleRate);
    }

    /** The audio scaled so that its largest absolute sample is {@code peak} (silence is returned as is). */
    public MonoWav peakNormalized(double peak) {
        float max = 0;
        for (float s : samples) max = Math.max(max, Math.abs(s));
        if (max == 0) return this;
        float gain = (float) (peak / max);
        float[] out = new float[samples.length];
        for (int i = 0; i < out.length; i++) out[i] = samples[i] * gain;
        return new MonoWav(out, sampleRate);
    }

    /**
     * Adds white Gaussian noise at signal-to-noise ratio {@code snrDb}: noise RMS = signal RMS / 10^(snrDb/20).
     * The same {@code seed} gives the same noise.
     */
    public MonoWav withNoise(double snrDb, long seed) {
        double energy = 0;
        for (float s : samples) energy += (double) s * s;
        double rms = samples.length == 0 ? 0 : Math.sqrt(energy / samples.length);
        double noiseRms = rms / Math.pow(10, snrDb / 20);
        Random random = new Random(seed);
        float[] out = new float[samples.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (samples[i] + noiseRms * random.nextGaussian());
        return new MonoWav(out, sampleRate);
    }

    /** Writes 16-bit mono PCM WAV ({@link WavWriter}: the product's one WAV writer), clipping samples to [-1, 1]. */
    public void write(Path file) throws IOException {
        WavWriter.write(file, sampleRate, WavWriter.Encoding.PCM_16, samples);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
