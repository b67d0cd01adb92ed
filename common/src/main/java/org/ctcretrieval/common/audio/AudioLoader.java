package org.ctcretrieval.common.audio;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.dsp.Resampler;
import org.ctcretrieval.common.dsp.StreamingResampler;

/**
 * Loads a recording as {@code librosa.load(path, sr=targetRate, mono=True, dtype=np.float32,
 * res_type='kaiser_best')} does: decode ({@link AudioDecoder}), average the channels, then resample with the
 * band-limited Kaiser-windowed sinc resampler of resampy &lt; 0.4 ({@link Resampler}, {@code KAISER_BEST}) to
 * {@code ceil(n * targetRate / nativeRate)} samples. Recordings already at the target rate are returned as decoded.
 */
public final class AudioLoader {
    /** Sample rate of every feature computation of the product (and of ctc_chroma), in Hz: 22050. */
    public static final int PRODUCT_RATE = 22050;

    private final AudioDecoder decoder;
    private final Resampler.Filter filter;

    /**
     * @param decoder decodes files to mono at their native rate
     * @param filter  resampling filter; librosa.load uses {@link Resampler.Filter#KAISER_BEST}
     */
    public AudioLoader(AudioDecoder decoder, Resampler.Filter filter) {
        this.decoder = decoder;
        this.filter = filter;
    }

    /** A loader with {@link AudioDecoder#standard()} and {@code KAISER_BEST}. */
    public static AudioLoader standard() {
        return new AudioLoader(AudioDecoder.standard(), Resampler.Filter.KAISER_BEST);
    }

    /** {@link #load(Path, int)} at {@link #PRODUCT_RATE} with {@link #standard()}. */
    public static AudioSignal load(Path file) throws IOException {
        return standard().read(file, PRODUCT_RATE);
    }

    /** {@link #read(Path, int)} with {@link #standard()}. */
    public static AudioSignal load(Path file, int targetRate) throws IOException {
        return standard().read(file, targetRate);
    }

    /**
     * Decodes {@code file} to mono float32 and resamples it to {@code targetRate}.
     *
     * @param file       an audio file in any format {@link AudioDecoder} reads
     * @param targetRate output sample rate in Hz (&gt; 0), usually {@link #PRODUCT_RATE}
     * @return the samples at {@code targetRate}, with {@code source = file}
     * @throws InputException if the file is missing, not decodable, empty, silent, or too short to resample
     */
    public AudioSignal read(Path file, int targetRate) throws IOException {
        if (targetRate <= 0) throw new IllegalArgumentException("target sample rate must be positive: " + targetRate);
        AudioSignal decoded = decoder.decodeMono(file);
        if (decoded.sampleRate() == targetRate) return decoded;
        float[] resampled;
        try {
            resampled = Resampler.resample(decoded.samples(), decoded.sampleRate(), targetRate, filter);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "is too short to resample from " + decoded.sampleRate() + " Hz to "
                    + targetRate + " Hz (" + decoded.length() + " samples)", e);
        }
        return new AudioSignal(resampled, targetRate, file);
    }

    /** Receives consecutive blocks of samples at the target rate; the array is reused after the call. */
    @FunctionalInterface
    public interface SampleSink {
        void accept(float[] samples, int count) throws IOException;
    }

    /** Samples per block read from the decoder by {@link #stream}. */
    private static final int STREAM_BLOCK = 1 << 15;

    /**
     * {@link #read(Path, int)} without holding the recording: decodes block by block, resamples as the blocks
     * arrive ({@link StreamingResampler}) and hands the samples at {@code targetRate} to {@code sink}. The
     * concatenated blocks equal {@code read(file, targetRate).samples()} bit for bit; memory does not grow with the
     * recording's length. The file is rejected with the same messages as by {@link #read}, but only once the
     * problem shows (a silent recording, for instance, at its end, after its samples have been handed on).
     *
     * @param file       an audio file in any format {@link AudioDecoder} reads
     * @param targetRate output sample rate in Hz (&gt; 0), usually {@link #PRODUCT_RATE}
     * @param sink       receives the samples in order
     * @return the number of samples handed to the sink
     * @throws InputException if the file is missing, not decodable, empty, silent, or too short to resample
     * @throws IOException    from the sink
     */
    public long stream(Path file, int targetRate, SampleSink sink) throws IOException {
        if (targetRate <= 0) throw new IllegalArgumentException("target sample rate must be positive: " + targetRate);
        try (AudioStream in = decoder.openStream(file)) {
            AudioContentCheck check = new AudioContentCheck(file);
            int nativeRate = in.sampleRate();
            StreamingResampler resampler = nativeRate == targetRate ? null
                    : new StreamingResampler(nativeRate, targetRate, filter);
            StreamingResampler.Output out = sink::accept;
            float[] block = new float[STREAM_BLOCK];
            long decoded = 0;
            int got;
            while ((got = in.read(block)) >= 0) {
                check.accept(block, got);
                decoded += got;
                if (resampler == null) {
                    if (got > 0) sink.accept(block, got);
                } else {
                    resampler.push(block, got, out);
                }
            }
            check.finish();
            if (resampler == null) return decoded;
            try {
                return resampler.finish(out);
            } catch (IllegalArgumentException e) {
                throw new InputException(file, "is too short to resample from " + nativeRate + " Hz to "
                        + targetRate + " Hz (" + decoded + " samples)", e);
            }
        }
    }
}
