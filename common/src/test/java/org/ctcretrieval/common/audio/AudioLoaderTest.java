package org.ctcretrieval.common.audio;

import static org.ctcretrieval.common.audio.TestAudio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.dsp.Resampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code librosa.load} semantics: mono, float32, resampled with kaiser_best to ceil(n * target / native). */
class AudioLoaderTest {
    @TempDir Path dir;

    @Test
    void recordingAtTargetRateIsReturnedAsDecoded() throws Exception {
        Path wav = writeWav(dir.resolve("a.wav"), 22050, false, sine(440, 0.5, 22050, 5000));
        AudioSignal s = AudioLoader.load(wav);
        assertEquals(22050, s.sampleRate());
        assertArrayEquals(AudioDecoder.decode(wav).samples(), s.samples());
    }

    @Test
    void stereo44kIsDownmixedThenResampledWithKaiserBest() throws Exception {
        int n = 44100 + 7;
        float[] l = sine(440, 0.5, 44100, n);
        float[] r = sine(440, 0.3, 44100, n);
        Path wav = writeWav(dir.resolve("b.wav"), 44100, true, l, r);
        AudioSignal s = AudioLoader.load(wav, 22050);
        assertEquals(22050, s.sampleRate());
        assertEquals((n + 1) / 2, s.length(), "ceil(n * 22050 / 44100)");
        float[] mono = new float[n];
        for (int i = 0; i < n; i++) mono[i] = (l[i] + r[i]) / 2f;
        assertArrayEquals(Resampler.resample(mono, 44100, 22050, Resampler.Filter.KAISER_BEST), s.samples(),
                "mean over channels, then kaiser_best");
        // a 440 Hz tone stays a 440 Hz tone of the same level (away from the filter's edge effects)
        float[] mid = java.util.Arrays.copyOfRange(s.samples(), 2000, 20000);
        assertEquals(440, dominantFrequency(mid, 22050, 420, 460, 0.25), 0.5);
        assertEquals(0.4 / Math.sqrt(2), rms(mid, 0, mid.length), 1e-3);
    }

    @Test
    void mp3At44kLoadsAt22050() throws Exception {
        Path wav = writeWav(dir.resolve("c.wav"), 44100, true, sine(523.25, 0.5, 44100, 44100));
        Path mp3 = ffmpegConvert(wav, dir.resolve("c.mp3"), "-c:a", "libmp3lame", "-b:a", "192k");
        AudioSignal s = AudioLoader.load(mp3, 22050);
        assertEquals(22050, s.sampleRate());
        assertEquals(1.0, s.durationSeconds(), 0.05);
        float[] mid = java.util.Arrays.copyOfRange(s.samples(), 5000, 17000);
        assertEquals(523.25, dominantFrequency(mid, 22050, 500, 550, 0.25), 0.5);
    }

    @Test
    void silenceIsRejectedBeforeResampling() throws Exception {
        Path wav = writeWav(dir.resolve("s.wav"), 44100, false, new float[4410]);
        InputException e = assertThrows(InputException.class, () -> AudioLoader.load(wav, 22050));
        assertEquals(wav + ": contains only silence (all samples are zero)", e.getMessage());
    }

    /**
     * The example recording of the original package decodes to its 16-bit samples / 32768, compared with the
     * samples read here directly from the RIFF data chunk; 141334 samples at 22050 Hz = 6.4097 s.
     */
    @Test
    void beethovenExampleRecording() throws Exception {
        Path wav = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op067-01_DavidHighSchool.wav"),
                "ctc_chroma example recording");
        AudioSignal s = AudioLoader.load(wav);
        assertEquals(22050, s.sampleRate());
        assertEquals(141334, s.length());
        assertEquals(6.409705, s.durationSeconds(), 1e-6);
        short[] pcm = dataChunkPcm16(Files.readAllBytes(wav));
        assertEquals(pcm.length, s.length());
        for (int i = 0; i < pcm.length; i++) assertEquals(pcm[i] / 32768f, s.samples()[i], "sample " + i);
    }

    @Test
    void pitmanExampleRecording() throws Exception {
        Path wav = SharedData.require(SharedData.exampleAudio().resolve("Beethoven_Op002-2-01_Pitman.wav"),
                "ctc_chroma example recording");
        AudioSignal s = AudioLoader.load(wav);
        assertEquals(22050, s.sampleRate());
        assertEquals(96727, s.length());
        assertEquals(4.386712, s.durationSeconds(), 1e-6);
        short[] pcm = dataChunkPcm16(Files.readAllBytes(wav));
        for (int i = 0; i < pcm.length; i++) assertEquals(pcm[i] / 32768f, s.samples()[i], "sample " + i);
    }

    /** Samples of {@link AudioLoader#stream}, concatenated. */
    private static float[] streamed(Path file, int rate) throws Exception {
        float[][] acc = {new float[1024]};
        int[] n = {0};
        long count = AudioLoader.standard().stream(file, rate, (s, c) -> {
            if (n[0] + c > acc[0].length) acc[0] = java.util.Arrays.copyOf(acc[0], Math.max(2 * acc[0].length, n[0] + c));
            System.arraycopy(s, 0, acc[0], n[0], c);
            n[0] += c;
        });
        assertEquals(n[0], count);
        return java.util.Arrays.copyOf(acc[0], n[0]);
    }

    /** Streaming decoding and resampling gives the samples of the whole-file loader, for several native rates. */
    @Test
    void streamEqualsLoad() throws Exception {
        java.util.Random rnd = new java.util.Random(2);
        for (int rate : new int[] {44100, 48000, 16000, 22050}) {
            int n = rate * 3 + 11;
            float[] left = sine(440, 0.4, rate, n);
            float[] right = sine(660, 0.3, rate, n);
            for (int i = 0; i < n; i++) left[i] += (float) (0.05 * rnd.nextGaussian());
            Path wav = writeWav(dir.resolve("t" + rate + ".wav"), rate, false, left, right);
            assertArrayEquals(AudioLoader.load(wav, 22050).samples(), streamed(wav, 22050), "native rate " + rate);
        }
    }

    @Test
    void streamRejectsWhatLoadRejects() throws Exception {
        Path silent = writeWav(dir.resolve("s.wav"), 44100, false, new float[4410]);
        InputException e = assertThrows(InputException.class, () -> streamed(silent, 22050));
        assertEquals(silent + ": contains only silence (all samples are zero)", e.getMessage());
        Path one = writeWav(dir.resolve("one.wav"), 44100, false, new float[] {0.5f});
        InputException a = assertThrows(InputException.class, () -> AudioLoader.load(one, 22050));
        InputException b = assertThrows(InputException.class, () -> streamed(one, 22050));
        assertEquals(a.getMessage(), b.getMessage());
    }

    /** Independent reading of a mono 16-bit WAV: walks the RIFF chunks to "data". */
    private static short[] dataChunkPcm16(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= b.length) {
            String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = buf.getInt(pos + 4);
            if (id.equals("data")) {
                short[] out = new short[size / 2];
                for (int i = 0; i < out.length; i++) out[i] = buf.getShort(pos + 8 + 2 * i);
                return out;
            }
            pos += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk");
    }
}
