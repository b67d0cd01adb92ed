package org.ctcretrieval.testdata;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ctcretrieval.common.audio.AudioDecoder;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.common.audio.AudioStream;
import org.ctcretrieval.common.audio.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Written WAVs read back identically through Java Sound (the product's decoder, ffmpeg disabled) and are
 * understood by ffprobe with the intended codec, rate and channel count.
 */
class WavWriterTest {
    @TempDir Path dir;
    static final AudioDecoder JAVA_SOUND_ONLY = new AudioDecoder(Ffmpeg.at(Path.of("/nonexistent/ffmpeg")));

    @Test
    void float32MonoIsExact() throws Exception {
        float[] x = SignalGenerator.harmonicTone(220, new double[] {0.5, 0.25}, 0.3, 22050);
        Path f = WavWriter.write(dir.resolve("m.wav"), 22050, WavWriter.Encoding.FLOAT_32, x);
        AudioSignal s = JAVA_SOUND_ONLY.decodeMono(f);
        assertEquals(22050, s.sampleRate());
        assertArrayEquals(x, s.samples());
        assertEquals("pcm_f32le 22050 1", probe(f));
    }

    @Test
    void pcm16MonoQuantisesByLrint32767() throws Exception {
        float[] x = {0f, 0.5f, -0.5f, 1f, -1f, 1.5f, -1.5f, 1e-5f};
        Path f = WavWriter.write(dir.resolve("q.wav"), 8000, WavWriter.Encoding.PCM_16, x);
        float[] got = JAVA_SOUND_ONLY.decodeMono(f).samples();
        short[] codes = {0, 16384, -16384, 32767, -32767, 32767, -32768, 0}; // +-16383.5 ties to even
        for (int i = 0; i < x.length; i++) assertEquals(codes[i] / 32768f, got[i], "sample " + i);
        assertEquals("pcm_s16le 8000 1", probe(f));
    }

    @Test
    void stereoBothEncodings() throws Exception {
        float[] l = SignalGenerator.sine(440, 0.5, 0.2, 44100);
        float[] r = SignalGenerator.whiteNoise(0.1, 0.2, 44100, 1);
        for (WavWriter.Encoding e : WavWriter.Encoding.values()) {
            Path f = WavWriter.write(dir.resolve("s_" + e + ".wav"), 44100, e, l, r);
            try (AudioStream in = JAVA_SOUND_ONLY.openStream(f)) {
                assertEquals(2, in.channels());
                assertEquals(44100, in.sampleRate());
            }
            float[] mono = JAVA_SOUND_ONLY.decodeMono(f).samples();
            for (int i = 0; i < l.length; i++) {
                float el = e == WavWriter.Encoding.FLOAT_32 ? l[i] : WavWriter.pcm16(l[i]) / 32768f;
                float er = e == WavWriter.Encoding.FLOAT_32 ? r[i] : WavWriter.pcm16(r[i]) / 32768f;
                assertEquals((el + er) / 2f, mono[i], "sample " + i + " " + e);
            }
            assertEquals((e == WavWriter.Encoding.FLOAT_32 ? "pcm_f32le" : "pcm_s16le") + " 44100 2", probe(f));
        }
    }

    @Test
    void rejectsMoreThanTwoChannels() {
        float[] x = new float[4];
        assertThrows(IllegalArgumentException.class,
                () -> WavWriter.write(dir.resolve("x.wav"), 8000, WavWriter.Encoding.PCM_16, x, x, x));
    }

    /** "codec rate channels" as ffprobe reports them. */
    private static String probe(Path f) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), err);
        assertEquals("", err, "ffprobe reports no problem with the file");
        return out.replace(',', ' ');
    }
}
