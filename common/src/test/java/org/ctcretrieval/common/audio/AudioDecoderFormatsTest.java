package org.ctcretrieval.common.audio;

import static org.ctcretrieval.common.audio.TestAudio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import org.ctcretrieval.common.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every supported format decodes to the signal it was made from. Fixtures are generated per run: a 1 s sine
 * (440 Hz, amplitude 0.5, 22050 Hz) written as float and 16-bit WAV, converted by ffmpeg to the other encodings.
 * Java Sound formats are decoded with ffmpeg deliberately unavailable, proving they need no subprocess.
 */
class AudioDecoderFormatsTest {
    static final int SR = 22050;
    static final float[] SINE = sine(440, 0.5, SR, SR);
    static final double SINE_RMS = 0.5 / Math.sqrt(2);

    @TempDir static Path dir;
    static Path floatWav;
    static Path pcm16Wav;

    /** A decoder without ffmpeg: only Java Sound can serve it. */
    static final AudioDecoder JAVA_SOUND_ONLY = new AudioDecoder(Ffmpeg.at(Path.of("/nonexistent/bin/ffmpeg")));

    @BeforeAll
    static void fixtures() throws IOException {
        floatWav = writeWav(dir.resolve("sine_f32.wav"), SR, true, SINE);
        pcm16Wav = writeWav(dir.resolve("sine_s16.wav"), SR, false, SINE);
    }

    @Test
    void float32WavIsExact() throws IOException {
        AudioSignal s = JAVA_SOUND_ONLY.decodeMono(floatWav);
        assertEquals(SR, s.sampleRate());
        assertArrayEquals(SINE, s.samples(), "float WAV samples must be bit-identical");
        assertEquals(1.0, s.durationSeconds(), 1e-12);
        assertEquals(floatWav, s.source());
    }

    @Test
    void pcm16WavIsScaledBy32768() throws IOException {
        AudioSignal s = JAVA_SOUND_ONLY.decodeMono(pcm16Wav);
        float[] expected = new float[SINE.length];
        for (int i = 0; i < expected.length; i++) expected[i] = pcm16(SINE[i]) / 32768f;
        assertArrayEquals(expected, s.samples(), "libsndfile scaling: code / 32768, exactly");
    }

    @Test
    void pcm24And32And8BitWav() throws Exception {
        // ffmpeg converts the float source; the quantisation step bounds the error:
        // 2^-23, 2^-31 (float32 limited), 2^-7
        check(JAVA_SOUND_ONLY.decodeMono(ffmpegConvert(floatWav, dir.resolve("s24.wav"), "-c:a", "pcm_s24le")),
                Math.pow(2, -23), "24-bit WAV");
        check(JAVA_SOUND_ONLY.decodeMono(ffmpegConvert(floatWav, dir.resolve("s32.wav"), "-c:a", "pcm_s32le")),
                1e-7, "32-bit WAV");
        check(JAVA_SOUND_ONLY.decodeMono(ffmpegConvert(floatWav, dir.resolve("u8.wav"), "-c:a", "pcm_u8")),
                Math.pow(2, -7), "8-bit unsigned WAV");
    }

    @Test
    void aiffAndAuThroughJavaSound() throws Exception {
        check(JAVA_SOUND_ONLY.decodeMono(ffmpegConvert(floatWav, dir.resolve("s16.aiff"), "-c:a", "pcm_s16be")),
                Math.pow(2, -15), "16-bit AIFF");
        check(JAVA_SOUND_ONLY.decodeMono(ffmpegConvert(floatWav, dir.resolve("s16.au"), "-c:a", "pcm_s16be")),
                Math.pow(2, -15), "16-bit AU");
        // mu-law: 8-bit logarithmic code, relative step about 1/16 of the magnitude at 0.5 amplitude
        check(JAVA_SOUND_ONLY.decodeMono(ffmpegConvert(floatWav, dir.resolve("ulaw.au"), "-c:a", "pcm_mulaw")),
                0.02, "mu-law AU");
    }

    private static void check(AudioSignal s, double tol, String what) {
        assertEquals(SR, s.sampleRate(), what + ": rate");
        assertSamplesClose(SINE, s.samples(), tol, what);
    }

    @Test
    void stereoWavIsAveragedOverChannels() throws IOException {
        float[] left = sine(440, 0.5, SR, 4000);
        float[] right = sine(660, 0.3, SR, 4000);
        Path wav = writeWav(dir.resolve("stereo.wav"), SR, true, left, right);
        try (AudioStream in = JAVA_SOUND_ONLY.openStream(wav)) {
            assertEquals(2, in.channels());
        }
        AudioSignal s = JAVA_SOUND_ONLY.decodeMono(wav);
        float[] expected = new float[left.length];
        for (int i = 0; i < expected.length; i++) expected[i] = (left[i] + right[i]) / 2f; // np.mean in float32
        assertArrayEquals(expected, s.samples());
    }

    @Test
    void flacIsLossless() throws Exception {
        Path flac = ffmpegConvert(pcm16Wav, dir.resolve("sine.flac"), "-c:a", "flac");
        AudioSignal s = AudioDecoder.decode(flac);
        assertArrayEquals(AudioDecoder.decode(pcm16Wav).samples(), s.samples(), "FLAC of a 16-bit WAV is identical");
    }

    @Test
    void wavEncodingJavaSoundLacksFallsBackToFfmpeg() throws Exception {
        Path adpcm = ffmpegConvert(pcm16Wav, dir.resolve("adpcm.wav"), "-c:a", "adpcm_ms");
        InputException e = assertThrows(InputException.class, () -> JAVA_SOUND_ONLY.decodeMono(adpcm));
        assertTrue(e.getMessage().contains("ffmpeg"), e.getMessage());
        AudioSignal s = AudioDecoder.decode(adpcm);
        assertEquals(SR, s.sampleRate());
        assertEquals(440, dominantFrequency(s.samples(), SR, 400, 480, 0.5), 1.0);
        assertEquals(SINE_RMS, rms(s.samples(), 0, s.length()), 0.02 * SINE_RMS);
    }

    /**
     * Lossy formats from a 44.1 kHz stereo source (440 Hz left, 440 Hz right at 0.6 of the level, 1 s): native rate
     * and duration kept (within the codec's priming/padding, 2048 samples), the tone's pitch within 0.5 Hz and the
     * RMS of the middle half second within 5 % of the source's.
     */
    @Test
    void lossyFormatsKeepRateDurationPitchAndLevel() throws Exception {
        int sr = 44100;
        float[] l = sine(440, 0.5, sr, sr);
        float[] r = sine(440, 0.3, sr, sr);
        Path src = writeWav(dir.resolve("src44k.wav"), sr, true, l, r);
        double expectedRms = 0.4 / Math.sqrt(2); // mean of the channels: amplitude 0.4
        String[][] formats = {
            {"mp3", "-c:a", "libmp3lame", "-b:a", "192k"},
            {"ogg", "-c:a", "libvorbis", "-q:a", "6"},
            {"m4a", "-c:a", "aac", "-b:a", "192k"},
            {"flac", "-c:a", "flac"},
        };
        for (String[] f : formats) {
            String[] args = java.util.Arrays.copyOfRange(f, 1, f.length);
            Path file = ffmpegConvert(src, dir.resolve("tone." + f[0]), args);
            Decoded d = decodeCountingChannels(file);
            assertEquals(2, d.channels(), f[0] + ": channels");
            AudioSignal s = d.signal();
            assertEquals(sr, s.sampleRate(), f[0] + ": sample rate");
            assertEquals(sr, s.length(), 2048, f[0] + ": sample count");
            float[] mid = java.util.Arrays.copyOfRange(s.samples(), sr / 4, sr / 4 + sr / 2);
            assertEquals(440, dominantFrequency(mid, sr, 420, 460, 0.25), 0.5, f[0] + ": pitch");
            assertEquals(expectedRms, rms(mid, 0, mid.length), 0.05 * expectedRms, f[0] + ": RMS");
        }
    }

    @Test
    void opusDecodesAt48k() throws Exception {
        Path opus = ffmpegConvert(floatWav, dir.resolve("tone.opus"), "-c:a", "libopus", "-b:a", "96k");
        AudioSignal s = AudioDecoder.decode(opus);
        assertEquals(48000, s.sampleRate(), "Opus always decodes at 48 kHz");
        assertEquals(48000, s.length(), 2048);
        float[] mid = java.util.Arrays.copyOfRange(s.samples(), 12000, 36000);
        assertEquals(440, dominantFrequency(mid, 48000, 420, 460, 0.25), 0.5);
    }

    /** librosa.to_mono: the float32 mean over all channels, here 3 channels decoded by ffmpeg from FLAC. */
    @Test
    void threeChannelFlacIsAveragedOverAllChannels() throws Exception {
        float[] a = sine(440, 0.5, SR, 3000);
        float[] b = sine(550, 0.3, SR, 3000);
        float[] c = sine(660, 0.2, SR, 3000);
        Path wav = writeWav(dir.resolve("three.wav"), SR, false, a, b, c);
        Path flac = ffmpegConvert(wav, dir.resolve("three.flac"), "-c:a", "flac");
        Decoded d = decodeCountingChannels(flac);
        assertEquals(3, d.channels());
        float[] got = d.signal().samples();
        assertEquals(a.length, got.length);
        for (int i = 0; i < got.length; i++) {
            float sum = pcm16(a[i]) / 32768f + pcm16(b[i]) / 32768f + pcm16(c[i]) / 32768f;
            assertEquals(sum / 3f, got[i], "sample " + i);
        }
    }

    @Test
    void float64WavIsRoundedToFloat32() throws Exception {
        Path f64 = ffmpegConvert(floatWav, dir.resolve("f64.wav"), "-c:a", "pcm_f64le");
        assertArrayEquals(SINE, AudioDecoder.decode(f64).samples(), "float32 -> float64 -> float32 is exact");
    }

    /** File names that ffmpeg could otherwise read as options, protocols or format hints. */
    @Test
    void awkwardFileNames() throws Exception {
        Path flac = ffmpegConvert(floatWav, dir.resolve("names.flac"), "-c:a", "flac");
        for (String name : new String[] {"-starts with dash.mp3", "Satz 1: Allegro (live) – Bühne.mp3",
                "http:not-a-url"}) {
            Path file = java.nio.file.Files.copy(flac, dir.resolve(name));
            AudioSignal s = AudioDecoder.decode(file);
            assertEquals(SR, s.sampleRate(), name);
            assertEquals(SR, s.length(), name);
        }
    }
}
