package org.ctcretrieval.common.audio;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.dsp.Resampler;

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
}
