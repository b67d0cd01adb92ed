package org.ctcretrieval.common.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.ctcretrieval.common.InputException;

/**
 * Decodes audio files to mono float samples at their native sample rate.
 *
 * <p>WAV, AIFF/AIFC and AU files (recognised by their header, not their name) are read with Java Sound: 8/16/24/32-bit
 * integer PCM, 32/64-bit float PCM, µ-law and A-law. Everything else (MP3, FLAC, Ogg Vorbis/Opus, M4A/AAC, WMA, and
 * WAV encodings Java Sound lacks, e.g. ADPCM) is decoded by an {@code ffmpeg} subprocess (see {@link Ffmpeg}).
 * Channels are averaged ({@code librosa.to_mono}); integer PCM is scaled by 1/2<sup>bits-1</sup> (libsndfile).
 *
 * <p>Every problem with the file is reported as an {@link InputException} naming the file: missing, a folder,
 * empty, unreadable, not audio or corrupt (with ffmpeg's first error line), no samples, only silence, or ffmpeg
 * needed but not installed.
 */
public final class AudioDecoder {
    /** Samples per block used when a whole file is read into memory. */
    private static final int BLOCK = 1 << 16;
    /** Largest buffer allocated up front from a length estimate (2^26 samples, 256 MB); beyond it, growth. */
    private static final long MAX_PRESIZE = 1L << 26;

    private final Ffmpeg ffmpeg;
    private final AudioLimits limits;

    /** A decoder that falls back to the given ffmpeg installation and refuses what {@code limits} exclude. */
    public AudioDecoder(Ffmpeg ffmpeg, AudioLimits limits) {
        this.ffmpeg = ffmpeg;
        this.limits = limits;
    }

    /** A decoder that falls back to the given ffmpeg installation, with {@link AudioLimits#configured()}. */
    public AudioDecoder(Ffmpeg ffmpeg) {
        this(ffmpeg, AudioLimits.configured());
    }

    /** A decoder using the ffmpeg found by {@link Ffmpeg#locate()} and {@link AudioLimits#configured()}. */
    public static AudioDecoder standard() {
        return new AudioDecoder(Ffmpeg.locate());
    }

    /** Opens {@code file} for block-wise decoding with {@link #standard()}; see {@link #openStream(Path)}. */
    public static AudioStream open(Path file) throws IOException {
        return standard().openStream(file);
    }

    /** Decodes all of {@code file} with {@link #standard()}; see {@link #decodeMono(Path)}. */
    public static AudioSignal decode(Path file) throws IOException {
        return standard().decodeMono(file);
    }

    /**
     * Opens {@code file} for block-wise decoding to mono at its native rate. The caller must close the stream.
     * The stream itself does not reject silent or empty recordings (see {@link AudioContentCheck}).
     *
     * @throws InputException if the file is missing, a folder, empty, unreadable or not decodable, if its sample
     *                        rate is outside the {@link AudioLimits} or it declares or holds more audio than they
     *                        allow
     */
    public AudioStream openStream(Path file) throws IOException {
        return CheckedAudioStream.check(openUnchecked(file), limits);
    }

    private AudioStream openUnchecked(Path file) throws IOException {
        checkReadableFile(file);
        Container container = sniff(file);
        String javaSoundProblem = null;
        if (container != Container.OTHER) {
            try {
                return JavaSoundAudioStream.open(file);
            } catch (UnsupportedAudioFileException | IOException e) {
                javaSoundProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        if (!ffmpeg.available()) {
            if (javaSoundProblem != null) {
                throw new InputException(file, "cannot be decoded as " + container.label + " (" + javaSoundProblem
                        + "); ffmpeg, which decodes further encodings, is not installed; install it (e.g. "
                        + "apt-get install ffmpeg)");
            }
            String ext = extension(file);
            String what = ext.isEmpty() ? "files that are not WAV, AIFF or AU" : "." + ext + " files";
            throw new InputException(file, "ffmpeg is required to decode " + what
                    + "; install it (e.g. apt-get install ffmpeg)");
        }
        return FfmpegAudioStream.open(file, ffmpeg);
    }

    /**
     * Decodes the whole of {@code file} into memory: mono float32 samples at the file's native rate
     * ({@code librosa.load(file, sr=None, mono=True)}).
     *
     * @throws InputException for every problem listed in the class description, including a recording with no
     *                        samples ("contains no audio samples") or only zero samples ("contains only silence")
     */
    public AudioSignal decodeMono(Path file) throws IOException {
        try (AudioStream in = openStream(file)) {
            long estimate = in.estimatedLength();
            // sized from the header or container duration so that long recordings are not copied while growing
            float[] all = new float[(int) Math.max(BLOCK, Math.min(estimate, MAX_PRESIZE))];
            int n = 0;
            float[] block = new float[BLOCK];
            int got;
            while ((got = in.read(block)) >= 0) {
                if (n + got > all.length) {
                    long grown = Math.max((long) all.length * 2, (long) n + got);
                    if (grown > Integer.MAX_VALUE - 8) {
                        throw new InputException(file, "is too long to hold in memory ("
                                + ((long) n + got) + "+ samples); process it block-wise");
                    }
                    all = Arrays.copyOf(all, (int) grown);
                }
                System.arraycopy(block, 0, all, n, got);
                n += got;
            }
            float[] samples = n == all.length ? all : Arrays.copyOf(all, n);
            AudioContentCheck.require(file, samples);
            return new AudioSignal(samples, in.sampleRate(), file);
        }
    }

    /** Rejects missing files, folders, unreadable and empty files with a clear message. */
    static void checkReadableFile(Path file) throws InputException {
        if (!Files.exists(file)) throw new InputException(file, "file not found");
        if (Files.isDirectory(file)) throw new InputException(file, "is a folder, not an audio file");
        if (!Files.isRegularFile(file)) throw new InputException(file, "is not a regular file");
        if (!Files.isReadable(file)) throw new InputException(file, "cannot be read (permission denied)");
        try {
            if (Files.size(file) == 0) throw new InputException(file, "is empty (0 bytes)");
        } catch (InputException e) {
            throw e;
        } catch (IOException e) {
            throw new InputException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Containers Java Sound reads, recognised by their first bytes. */
    private enum Container {
        WAV("WAV"), AIFF("AIFF"), AU("AU"), OTHER("audio");

        final String label;

        Container(String label) {
            this.label = label;
        }
    }

    private static Container sniff(Path file) throws InputException {
        byte[] head = new byte[12];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) n += r;
        } catch (IOException e) {
            throw new InputException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (n >= 12 && tag(head, 0, "RIFF") && tag(head, 8, "WAVE")) return Container.WAV;
        if (n >= 12 && tag(head, 0, "FORM") && (tag(head, 8, "AIFF") || tag(head, 8, "AIFC"))) {
            return Container.AIFF;
        }
        if (n >= 4 && tag(head, 0, ".snd")) return Container.AU;
        return Container.OTHER;
    }

    private static boolean tag(byte[] b, int off, String tag) {
        for (int i = 0; i < 4; i++) if (b[off + i] != (byte) tag.charAt(i)) return false;
        return true;
    }

    /** Lower-case extension of the file name without the dot, or "" if there is none. */
    static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
