package org.ctcretrieval.common.audio;

import static org.ctcretrieval.common.audio.TestAudio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs give an {@link InputException} whose message names the file and says what is wrong. */
class AudioDecoderErrorsTest {
    @TempDir Path dir;

    private static InputException fails(Path file) {
        InputException e = assertThrows(InputException.class, () -> AudioDecoder.decode(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "message names the file: " + e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    private static void assertContains(String expectedPart, InputException e) {
        assertTrue(e.getMessage().contains(expectedPart),
                "expected '" + expectedPart + "' in: " + e.getMessage());
    }

    @Test
    void missingFile() {
        assertContains("file not found", fails(dir.resolve("nope.wav")));
    }

    @Test
    void folderInsteadOfFile() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("take1.wav"));
        assertContains("is a folder, not an audio file", fails(sub));
    }

    @Test
    void emptyFile() throws Exception {
        assertContains("is empty (0 bytes)", fails(Files.createFile(dir.resolve("empty.mp3"))));
    }

    @Test
    void textFileIsNotAudio() throws Exception {
        // ffmpeg reads a .txt file as ANSI art (a video stream), hence a different wording
        Path txt = Files.writeString(dir.resolve("notes.txt"), "just some words, not sound\n".repeat(20));
        assertContains("is not an audio file (ffmpeg finds no audio stream in it)", fails(txt));
        for (String name : new String[] {"notes.wav", "notes.mp3", "notes.flac"}) {
            Path f = Files.writeString(dir.resolve(name), "just some words, not sound\n".repeat(20));
            InputException e = fails(f);
            assertContains("not a supported audio file or corrupt (ffmpeg: ", e);
            assertFalse(e.getMessage().contains("@ 0x"), "no memory addresses: " + e.getMessage());
            if (name.endsWith(".wav")) assertContains("Invalid data found when processing input", e);
        }
    }

    @Test
    void randomBytesAsMp3AreRejected() throws Exception {
        byte[] noise = new byte[20000];
        new Random(7).nextBytes(noise);
        // no byte pattern that an MP3 frame sync could be read from: keep values below 0xE0
        for (int i = 0; i < noise.length; i++) noise[i] = (byte) ((noise[i] & 0xFF) % 0xE0);
        InputException e = fails(Files.write(dir.resolve("broken.mp3"), noise));
        assertContains("not a supported audio file or corrupt (ffmpeg: ", e);
    }

    @Test
    void wavTruncatedInsideHeaderIsRejected() throws Exception {
        Path good = writeWav(dir.resolve("good.wav"), 22050, false, sine(440, 0.5, 22050, 1000));
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(all, 30));
        assertContains("not a supported audio file or corrupt", fails(cut));
    }

    /** As libsndfile (librosa.load) does, a WAV cut inside its data yields the samples that are present. */
    @Test
    void wavTruncatedInsideDataYieldsTheSamplesPresent() throws Exception {
        float[] x = sine(440, 0.5, 22050, 1000);
        Path good = writeWav(dir.resolve("good.wav"), 22050, false, x);
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(all, 44 + 2 * 600 + 1)); // odd byte dropped
        try (AudioStream in = AudioDecoder.open(cut)) {
            long estimate = in.estimatedLength();
            assertTrue(estimate >= 600 && estimate <= all.length / 2, "header claims 1000 samples; the estimate is "
                    + "bounded by the file size: " + estimate);
        }
        AudioSignal s = AudioDecoder.decode(cut);
        assertEquals(600, s.length());
        assertEquals(pcm16(x[599]) / 32768f, s.samples()[599]);
    }

    @Test
    void zeroLengthAudio() throws Exception {
        Path f = writeWav(dir.resolve("nothing.wav"), 22050, false, new float[0]);
        assertContains("contains no audio samples", fails(f));
        Path flac = ffmpegConvert(writeWav(dir.resolve("nothing2.wav"), 22050, false, new float[0]),
                dir.resolve("nothing.flac"), "-c:a", "flac");
        assertContains("contains no audio samples", fails(flac));
    }

    @Test
    void digitalSilence() throws Exception {
        Path wav = writeWav(dir.resolve("quiet.wav"), 22050, false, new float[22050], new float[22050]);
        assertContains("contains only silence", fails(wav));
        Path mp3 = ffmpegConvert(wav, dir.resolve("quiet.flac"), "-c:a", "flac");
        assertContains("contains only silence", fails(mp3));
    }

    @Test
    void nonFiniteSamples() throws Exception {
        float[] x = sine(440, 0.5, 22050, 100);
        x[42] = Float.NaN;
        assertContains("NaN or infinity", fails(writeWav(dir.resolve("nan.wav"), 22050, true, x)));
    }

    @Test
    void ffmpegMissingWhenNeeded() throws Exception {
        Path wav = writeWav(dir.resolve("t.wav"), 22050, false, sine(440, 0.5, 22050, 2000));
        Path mp3 = ffmpegConvert(wav, dir.resolve("t.mp3"), "-c:a", "libmp3lame");
        AudioDecoder noFfmpeg = new AudioDecoder(Ffmpeg.at(dir.resolve("no-such-dir/ffmpeg")));
        InputException e = assertThrows(InputException.class, () -> noFfmpeg.decodeMono(mp3));
        assertEquals(mp3 + ": ffmpeg is required to decode .mp3 files; install it (e.g. apt-get install ffmpeg)",
                e.getMessage());
        // WAV needs no ffmpeg
        assertEquals(2000, noFfmpeg.decodeMono(wav).length());
    }

    @Test
    void fileWithoutAudioStream() throws Exception {
        Path wav = writeWav(dir.resolve("t.wav"), 22050, false, sine(440, 0.5, 22050, 2000));
        Path png = dir.resolve("picture.png");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                "color=c=red:s=16x16", "-frames:v", "1", png.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        assertContains("is not an audio file (ffmpeg finds no audio stream in it)", fails(png));
        assertTrue(Files.exists(wav));
    }
}
