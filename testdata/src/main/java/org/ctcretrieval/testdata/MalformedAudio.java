package org.ctcretrieval.testdata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A corpus of malformed and hostile audio files, generated (never downloaded), for tests that check that each is
 * refused or read with its own clear message and that nothing else is lost. Each case knows the problem text the
 * product reports after "PATH: ".
 */
public final class MalformedAudio {
    private MalformedAudio() {}

    /**
     * One file of the corpus.
     *
     * @param name    file name
     * @param problem what the product says about it after "PATH: "
     * @param refused true if the file is refused; false if it is read all the same, with {@code problem} as a warning
     */
    public record Case(String name, byte[] bytes, String problem, boolean refused) {
        /** Writes the file into {@code dir}. */
        public Path writeTo(Path dir) throws IOException {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), bytes);
        }
    }

    /**
     * The corpus. {@code maxSecondsLabel} is the configured duration limit as the product prints it (H:MM:SS);
     * the "too long" case declares 6 s of audio, so it is refused when the limit is below that (and the truncated
     * one is read when the limit is above its 2.3 s). The texts that quote ffmpeg are those of Debian's ffmpeg.
     */
    public static List<Case> corpus(String maxSecondsLabel) {
        List<Case> cases = new ArrayList<>();
        float[] tone = SignalGenerator.chord(new int[] {60, 64, 67}, new double[] {1, 0.5}, 6.4, 8000);
        byte[] pcm = pcm16(tone);
        // a header that says 1 Hz: 280 KB would decode as 39 hours at 22050 Hz
        cases.add(new Case("rate-1hz.wav", wav(1, 1, Arrays.copyOf(pcm16(SignalGenerator.sine(440, 0.5, 7, 20000)), 280_000)),
                "sample rate 1 Hz is outside the supported range 1000-768000 Hz (a damaged header?)", true));
        cases.add(new Case("rate-2mhz.wav", wav(2_000_000, 1, pcm),
                "sample rate 2000000 Hz is outside the supported range 1000-768000 Hz (a damaged header?)", true));
        cases.add(new Case("too-long.wav", wav(8000, 1, Arrays.copyOf(pcm, 2 * 48000)),
                "declares 0:00:06 of audio, more than the limit of " + maxSecondsLabel
                        + " (set CTCR_MAX_AUDIO_HOURS to raise it)", true));
        // 2.3 s of the 6.4 s the header declares
        byte[] full = wav(8000, 1, pcm);
        cases.add(new Case("truncated.wav", Arrays.copyOf(full, 44 + 2 * 18400),
                "is truncated: its header declares 51200 samples (6.40 s), the file holds 18400 (2.30 s); "
                        + "read as far as it goes", false));
        cases.add(new Case("header-only.wav", wav(8000, 1, new byte[0]), "contains no audio samples (zero-length audio)", true));
        cases.add(new Case("silence.wav", wav(8000, 1, new byte[16000]), "contains only silence (all samples are zero)", true));
        cases.add(new Case("cut-in-header.wav", Arrays.copyOf(full, 30),
                "not a supported audio file or corrupt (ffmpeg: Invalid data found when processing input)", true));
        cases.add(new Case("empty.mp3", new byte[0], "is empty (0 bytes)", true));
        cases.add(new Case("words.flac", "just some words, not sound\n".repeat(20).getBytes(StandardCharsets.UTF_8),
                "not a supported audio file or corrupt (ffmpeg: no decodable audio frames; channels=0, sample_rate=0)", true));
        byte[] noise = new byte[20000];
        new Random(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) noise[i] = (byte) ((noise[i] & 0xFF) % 0xE0); // no MP3 frame sync
        cases.add(new Case("noise.mp3", noise,
                "not a supported audio file or corrupt (ffmpeg: mp3: Failed to read frame size: Could not seek to 21023.)", true));
        return cases;
    }

    /** 16-bit little-endian codes of the samples ({@link WavWriter#pcm16}). */
    static byte[] pcm16(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) b.putShort(WavWriter.pcm16(v));
        return b.array();
    }

    /** A 16-bit PCM WAV with any sample rate in its header (even one no real file has). */
    static byte[] wav(int sampleRate, int channels, byte[] data) {
        byte[] header = WavWriter.pcm16Header(sampleRate, channels, data.length / (2L * channels));
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }
}
