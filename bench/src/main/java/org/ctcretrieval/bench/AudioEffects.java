package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Room reverb ({@code sox reverb}) and lossy codec round trips ({@code ffmpeg}) for the realistic benchmark,
 * run as external programs on 16-bit WAV files. Both are deterministic: sox without dithering ({@code -D}),
 * ffmpeg with {@code -bitexact}.
 */
public final class AudioEffects {
    /** A room: {@code sox reverb REVERBERANCE HF-DAMPING ROOM-SCALE STEREO-DEPTH PRE-DELAY-MS}. */
    public enum Reverb {
        /** Dry: FluidSynth's own reverb off too. */
        NONE(""),
        /** A small room: 40 % reverberance, 50 % damping, 40 % room scale. */
        ROOM("40 50 40 100 0"),
        /** A concert hall: 75 % reverberance, 40 % damping, full room scale, 20 ms pre-delay. */
        HALL("75 40 100 100 20");

        private final String soxArgs;

        Reverb(String soxArgs) {
            this.soxArgs = soxArgs;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A lossy codec and its setting for 22.05 kHz mono. */
    public enum Codec {
        NONE("", ""),
        /** MP3 (LAME) at 64 kbit/s, the per-channel rate of a 128 kbit/s stereo file. */
        MP3("mp3", "-c:a libmp3lame -b:a 64k"),
        /** Ogg Vorbis at quality 1 (about 45 kbit/s mono). */
        OGG("ogg", "-c:a libvorbis -q:a 1");

        private final String extension;
        private final String ffmpegArgs;

        Codec(String extension, String ffmpegArgs) {
            this.extension = extension;
            this.ffmpegArgs = ffmpegArgs;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String sox;
    private final String ffmpeg;

    /** @param sox the sox program; @param ffmpeg the ffmpeg program (names on the PATH or paths) */
    public AudioEffects(String sox, String ffmpeg) {
        this.sox = sox;
        this.ffmpeg = ffmpeg;
    }

    /** The audio through {@code reverb}, cut to its original length; {@code work} holds the temporary files. */
    public MonoWav reverb(MonoWav audio, Reverb reverb, Path work, String stem) throws IOException {
        if (reverb == Reverb.NONE) return audio;
        Path in = work.resolve(stem + ".dry.wav");
        Path out = work.resolve(stem + ".wet.wav");
        try {
            audio.peakNormalized(0.5).write(in); // headroom: the reverb adds energy
            List<String> cmd = new ArrayList<>(List.of(sox, "-D", "-V1", in.toString(), out.toString(), "reverb"));
            cmd.addAll(List.of(reverb.soxArgs.split(" ")));
            run(cmd, "sox (apt-get install sox, or scripts/setup.sh)");
            return MonoWav.read(out).fitted(audio.samples().length);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    /** The audio encoded with {@code codec} and decoded again at the same rate and length. */
    public MonoWav roundTrip(MonoWav audio, Codec codec, Path work, String stem) throws IOException {
        if (codec == Codec.NONE) return audio;
        Path in = work.resolve(stem + ".pcm.wav");
        Path coded = work.resolve(stem + ".coded." + codec.extension);
        Path out = work.resolve(stem + ".decoded.wav");
        try {
            audio.write(in);
            List<String> enc = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-v", "error", "-y", "-i", in.toString()));
            enc.addAll(List.of(codec.ffmpegArgs.split(" ")));
            enc.addAll(List.of("-bitexact", coded.toString()));
            run(enc, "ffmpeg with " + codec.label() + " encoding (apt-get install ffmpeg, or scripts/setup.sh)");
            run(List.of(ffmpeg, "-nostdin", "-v", "error", "-y", "-i", coded.toString(), "-ac", "1", "-ar",
                    Integer.toString(audio.sampleRate()), "-c:a", "pcm_s16le", "-bitexact", out.toString()),
                    "ffmpeg (apt-get install ffmpeg, or scripts/setup.sh)");
            return MonoWav.read(out).fitted(audio.samples().length);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(coded);
            Files.deleteIfExists(out);
        }
    }

    private static void run(List<String> cmd, String what) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + cmd.get(0) + "' (" + e.getMessage() + "); install " + what);
        }
        String log = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish within 10 minutes: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0));
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + ": " + log.strip());
        }
    }
}
