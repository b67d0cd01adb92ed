package org.ctcretrieval.testdata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.common.io.AtomicFile;

/**
 * Writes RIFF/WAVE files: 16-bit integer PCM ({@code WAVE_FORMAT_PCM}, 44-byte header) or 32-bit IEEE float
 * ({@code WAVE_FORMAT_IEEE_FLOAT} with an 18-byte {@code fmt } chunk and a {@code fact} chunk, as the format
 * specification asks for non-PCM data), one or two channels, little-endian, interleaved.
 *
 * <p>16-bit codes are {@code lrint(x * 32767)} (ties to even) clipped to [-32768, 32767], the conversion
 * libsndfile (and so {@code soundfile.write}) applies to float input. Files are written atomically.
 */
public final class WavWriter {
    private WavWriter() {}

    /** Sample encoding of the written file. */
    public enum Encoding {
        /** 16-bit signed integer PCM. */
        PCM_16(2, 1),
        /** 32-bit IEEE float, values written unchanged. */
        FLOAT_32(4, 3);

        final int bytesPerSample;
        final int formatTag;

        Encoding(int bytesPerSample, int formatTag) {
            this.bytesPerSample = bytesPerSample;
            this.formatTag = formatTag;
        }
    }

    /** Writes a mono signal at its own sample rate. */
    public static Path write(Path file, AudioSignal signal, Encoding encoding) throws IOException {
        return write(file, signal.sampleRate(), encoding, signal.samples());
    }

    /**
     * Writes one channel (mono) or two (stereo: left, right) of equal length.
     *
     * @param file       target file (replaced if it exists; parent folders are created)
     * @param sampleRate samples per second per channel, in Hz
     * @param encoding   {@link Encoding#PCM_16} or {@link Encoding#FLOAT_32}
     * @param channels   one array per channel
     * @return {@code file}
     */
    public static Path write(Path file, int sampleRate, Encoding encoding, float[]... channels) throws IOException {
        if (channels.length < 1 || channels.length > 2) {
            throw new IllegalArgumentException("1 or 2 channels supported, got " + channels.length);
        }
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        int n = channels[0].length;
        for (float[] c : channels) {
            if (c.length != n) throw new IllegalArgumentException("channels differ in length");
        }
        AtomicFile.write(file, out -> out.write(encode(sampleRate, encoding, channels)));
        return file;
    }

    /** The complete bytes of the WAV file. */
    static byte[] encode(int sampleRate, Encoding encoding, float[]... channels) {
        int n = channels[0].length;
        int ch = channels.length;
        int blockAlign = ch * encoding.bytesPerSample;
        long dataBytes = (long) n * blockAlign;
        boolean isFloat = encoding == Encoding.FLOAT_32;
        int fmtSize = isFloat ? 18 : 16;
        int factSize = isFloat ? 12 : 0;
        long riffSize = 4 + (8 + fmtSize) + factSize + 8 + dataBytes + (dataBytes & 1);
        if (riffSize > 0xFFFFFFFFL - 8) throw new IllegalArgumentException("too long for a WAV file");
        ByteBuffer b = ByteBuffer.allocate((int) (8 + riffSize)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt((int) riffSize).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize);
        b.putShort((short) encoding.formatTag).putShort((short) ch).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign)
                .putShort((short) (8 * encoding.bytesPerSample));
        if (isFloat) {
            b.putShort((short) 0); // cbSize: no extension
            b.put(ascii("fact")).putInt(4).putInt(n);
        }
        b.put(ascii("data")).putInt((int) dataBytes);
        for (int i = 0; i < n; i++) {
            for (float[] c : channels) {
                if (isFloat) b.putFloat(c[i]);
                else b.putShort(pcm16(c[i]));
            }
        }
        return b.array();
    }

    /**
     * The 44-byte header of a 16-bit PCM WAV holding {@code frames} frames, for writers that stream the samples
     * (encoded with {@link #pcm16}) after it.
     *
     * @throws IllegalArgumentException if the data does not fit a WAV file (4 GiB)
     */
    public static byte[] pcm16Header(int sampleRate, int channels, long frames) {
        long dataBytes = frames * channels * 2;
        if (dataBytes + 36 > 0xFFFFFFFFL) throw new IllegalArgumentException("too long for a WAV file");
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVE")).put(ascii("fmt "));
        h.putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16);
        h.put(ascii("data")).putInt((int) dataBytes);
        return h.array();
    }

    /** The 16-bit code of a float sample: {@code lrint(x * 32767)} (ties to even), clipped. */
    public static short pcm16(float x) {
        double v = Math.rint(x * 32767.0); // ties to even, as lrintf
        return (short) Math.max(-32768, Math.min(32767, v));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
