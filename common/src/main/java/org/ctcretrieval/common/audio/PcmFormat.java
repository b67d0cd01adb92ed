package org.ctcretrieval.common.audio;

import java.nio.ByteOrder;

/**
 * Layout of interleaved PCM bytes and their conversion to mono float samples.
 *
 * <p>Integer samples are scaled by 1 / 2<sup>bits-1</sup> where {@code bits} is the container width (8, 16, 24 or
 * 32 bits), the normalisation libsndfile applies when {@code librosa.load} reads a file; 8-bit samples are unsigned
 * with an offset of 128 (WAV) or signed (AIFF, AU). Channels are averaged in float32 arithmetic, as
 * {@code np.mean(y, axis=0)} over a float32 array.
 */
final class PcmFormat {
    enum Kind { SIGNED_INT, UNSIGNED_INT, FLOAT }

    private final Kind kind;
    private final int bytesPerSample;
    private final int channels;
    private final boolean bigEndian;

    PcmFormat(Kind kind, int bytesPerSample, int channels, ByteOrder order) {
        if (channels < 1) throw new IllegalArgumentException("channels must be positive: " + channels);
        boolean ok = switch (kind) {
            case SIGNED_INT, UNSIGNED_INT -> bytesPerSample >= 1 && bytesPerSample <= 4;
            case FLOAT -> bytesPerSample == 4 || bytesPerSample == 8;
        };
        if (!ok) throw new IllegalArgumentException(kind + " samples of " + bytesPerSample + " bytes");
        this.kind = kind;
        this.bytesPerSample = bytesPerSample;
        this.channels = channels;
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
    }

    int channels() {
        return channels;
    }

    /** Bytes of one frame (one sample of every channel). */
    int frameSize() {
        return bytesPerSample * channels;
    }

    /**
     * Converts {@code frames} whole frames of {@code bytes} (starting at offset 0) to mono samples in {@code out}
     * (starting at offset 0).
     */
    void toMono(byte[] bytes, int frames, float[] out) {
        int pos = 0;
        for (int f = 0; f < frames; f++) {
            if (channels == 1) {
                out[f] = sample(bytes, pos);
                pos += bytesPerSample;
            } else {
                float sum = 0f;
                for (int c = 0; c < channels; c++) {
                    sum += sample(bytes, pos);
                    pos += bytesPerSample;
                }
                out[f] = sum / channels;
            }
        }
    }

    private float sample(byte[] b, int pos) {
        long raw = 0;
        if (bigEndian) {
            for (int i = 0; i < bytesPerSample; i++) raw = (raw << 8) | (b[pos + i] & 0xFF);
        } else {
            for (int i = bytesPerSample - 1; i >= 0; i--) raw = (raw << 8) | (b[pos + i] & 0xFF);
        }
        int bits = bytesPerSample * 8;
        switch (kind) {
            case FLOAT:
                return bytesPerSample == 4 ? Float.intBitsToFloat((int) raw) : (float) Double.longBitsToDouble(raw);
            case UNSIGNED_INT:
                return (float) ((raw - (1L << (bits - 1))) / (double) (1L << (bits - 1)));
            default:
                long signed = (raw << (64 - bits)) >> (64 - bits);
                return (float) (signed / (double) (1L << (bits - 1)));
        }
    }
}
