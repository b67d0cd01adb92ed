package org.ctcretrieval.common.audio;

import static org.ctcretrieval.common.audio.TestAudio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block-wise reading delivers exactly the samples of a whole-file decode, for both decoding paths. */
class AudioStreamTest {
    @TempDir Path dir;

    @Test
    void blocksConcatenateToTheWholeSignal() throws Exception {
        float[] l = sine(440, 0.5, 22050, 30011);
        float[] r = sine(550, 0.25, 22050, 30011);
        Path wav = writeWav(dir.resolve("st.wav"), 22050, false, l, r);
        Path flac = ffmpegConvert(wav, dir.resolve("st.flac"), "-c:a", "flac");
        for (Path f : new Path[] {wav, flac}) {
            float[] whole = AudioDecoder.decode(f).samples();
            assertEquals(30011, whole.length, f + ": length");
            float[] joined = new float[whole.length];
            int n = 0;
            int blocks = 0;
            try (AudioStream in = AudioDecoder.open(f)) {
                assertEquals(22050, in.sampleRate());
                assertEquals(2, in.channels());
                assertEquals(30011, in.estimatedLength(), f.toString().endsWith(".wav") ? 0 : 30, "length estimate");
                float[] block = new float[1000];
                int got;
                while ((got = in.read(block)) >= 0) {
                    assertTrue(got > 0 && got <= block.length);
                    System.arraycopy(block, 0, joined, n, got);
                    n += got;
                    blocks++;
                }
                assertEquals(-1, in.read(block), "end stays reported");
            }
            assertEquals(whole.length, n, f + ": samples read block-wise");
            assertTrue(blocks >= 31, f + ": read in " + blocks + " blocks");
            assertArrayEquals(whole, joined, f.toString());
        }
    }

    /** Closing a stream before its end stops the ffmpeg subprocess (which is blocked writing to the full pipe). */
    @Test
    void closingEarlyStopsTheDecoder() throws Exception {
        Path wav = writeWav(dir.resolve("long.wav"), 22050, false, sine(440, 0.5, 22050, 22050 * 5));
        Path flac = ffmpegConvert(wav, dir.resolve("long.flac"), "-c:a", "flac");
        AudioStream in = AudioDecoder.open(flac);
        float[] block = new float[512];
        assertEquals(512, in.read(block));
        assertArrayEquals(sine(440, 0.5, 22050, 512), block, 1f / 32768, "first block");
        assertEquals(1, runningFfmpegChildren(), "decoder running while the stream is open");
        in.close();
        in.close(); // idempotent
        assertEquals(0, runningFfmpegChildren(), "decoder stopped by close()");
        assertThrows(java.io.IOException.class, () -> in.read(block));
    }

    private static long runningFfmpegChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false)).count();
    }
}
