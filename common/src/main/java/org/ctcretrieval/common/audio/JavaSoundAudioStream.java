package org.ctcretrieval.common.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.ctcretrieval.common.InputException;

/**
 * Decodes WAV, AIFF/AIFC and AU files with Java Sound ({@code javax.sound.sampled}): 8/16/24/32-bit integer PCM,
 * 32/64-bit float PCM, and µ-law/A-law (expanded to 16-bit PCM by Java Sound's codecs).
 */
final class JavaSoundAudioStream implements AudioStream {
    private final Path source;
    private final AudioInputStream in;
    private final PcmFormat format;
    private final int sampleRate;
    private byte[] bytes = new byte[0];
    private int carried; // bytes of an incomplete frame kept from the previous read
    private boolean closed;
    private final long fileBytes;

    private JavaSoundAudioStream(Path source, AudioInputStream in, PcmFormat format, int sampleRate)
            throws IOException {
        this.fileBytes = Files.size(source);
        this.source = source;
        this.in = in;
        this.format = format;
        this.sampleRate = sampleRate;
    }

    /**
     * Opens {@code file} with Java Sound.
     *
     * @throws UnsupportedAudioFileException if Java Sound cannot read the file or its encoding
     * @throws IOException                   if the file cannot be read
     */
    static JavaSoundAudioStream open(Path file) throws UnsupportedAudioFileException, IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        AudioInputStream ais;
        try {
            ais = AudioSystem.getAudioInputStream(raw);
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        try {
            AudioFormat f = ais.getFormat();
            AudioFormat.Encoding enc = f.getEncoding();
            if (enc.equals(AudioFormat.Encoding.ULAW) || enc.equals(AudioFormat.Encoding.ALAW)) {
                AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16,
                        f.getChannels(), 2 * f.getChannels(), f.getSampleRate(), false);
                if (!AudioSystem.isConversionSupported(pcm16, f)) {
                    throw new UnsupportedAudioFileException("no decoder for " + enc);
                }
                ais = AudioSystem.getAudioInputStream(pcm16, ais);
                f = ais.getFormat();
                enc = f.getEncoding();
            }
            PcmFormat.Kind kind;
            if (enc.equals(AudioFormat.Encoding.PCM_SIGNED)) kind = PcmFormat.Kind.SIGNED_INT;
            else if (enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) kind = PcmFormat.Kind.UNSIGNED_INT;
            else if (enc.equals(AudioFormat.Encoding.PCM_FLOAT)) kind = PcmFormat.Kind.FLOAT;
            else throw new UnsupportedAudioFileException("unsupported encoding " + enc);
            int channels = f.getChannels();
            if (channels < 1 || f.getFrameSize() < 1 || f.getFrameSize() % channels != 0) {
                throw new UnsupportedAudioFileException("unsupported frame layout " + f);
            }
            float rate = f.getSampleRate();
            if (!(rate >= 1) || rate != Math.rint(rate) || rate > Integer.MAX_VALUE) {
                throw new UnsupportedAudioFileException("unsupported sample rate " + rate);
            }
            PcmFormat pcm;
            try {
                pcm = new PcmFormat(kind, f.getFrameSize() / channels, channels,
                        f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedAudioFileException("unsupported sample format " + f);
            }
            return new JavaSoundAudioStream(file, ais, pcm, (int) rate);
        } catch (UnsupportedAudioFileException | RuntimeException e) {
            ais.close();
            throw e;
        }
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public long estimatedLength() {
        long frames = in.getFrameLength();
        if (frames == AudioSystem.NOT_SPECIFIED || frames < 0) return -1;
        // a damaged header may claim more data than the file holds
        return Math.min(frames, fileBytes / format.frameSize());
    }

    @Override
    public long declaredLength() {
        long frames = in.getFrameLength();
        return frames == AudioSystem.NOT_SPECIFIED || frames < 0 ? -1 : frames;
    }

    @Override
    public int channels() {
        return format.channels();
    }

    @Override
    public int read(float[] monoBlock) throws IOException {
        if (closed) throw new IOException(source + ": stream is closed");
        if (monoBlock.length == 0) return 0;
        int frameSize = format.frameSize();
        int want = monoBlock.length * frameSize;
        if (bytes.length < want) bytes = java.util.Arrays.copyOf(bytes, want);
        int have = carried;
        try {
            while (have < want) {
                int n = in.read(bytes, have, want - have);
                if (n <= 0) break; // end of data (Java Sound reads whole frames only)
                have += n;
            }
        } catch (IOException e) {
            throw new InputException(source, "cannot read audio data (" + e.getMessage() + ")", e);
        }
        int frames = have / frameSize;
        if (frames == 0) {
            carried = have;
            return -1; // end of data; a trailing partial frame is dropped
        }
        format.toMono(bytes, frames, monoBlock);
        carried = have - frames * frameSize;
        System.arraycopy(bytes, frames * frameSize, bytes, 0, carried);
        return frames;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
