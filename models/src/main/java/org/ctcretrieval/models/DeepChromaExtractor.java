package org.ctcretrieval.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Deep chroma of a recording: decode at 22050 Hz, compute the ctc_chroma HCQT features ({@code [T][216][6]} at
 * 25 Hz), run the network and keep the first 12 class probabilities L2-normalised per frame — the pipeline of the
 * original {@code apply_model.py}. The feature ID is the model ID, the frame rate 25 Hz.
 *
 * <p>The HCQT step is supplied as a {@link HcqtSource}, so this class depends only on the feature layout, not on
 * the audio decoding and HCQT implementation.
 */
public final class DeepChromaExtractor implements FeatureExtractor, AutoCloseable {
    /** Sample rate the HCQT features are defined at, in Hz. */
    public static final int SAMPLE_RATE = 22050;

    /** Computes the network input of one recording. */
    @FunctionalInterface
    public interface HcqtSource {
        /**
         * @param audioFile a recording in any supported format
         * @return {@code [T][216][6]} HCQT features at 25 Hz of the recording resampled to {@value #SAMPLE_RATE} Hz
         * @throws IOException naming the file if it cannot be decoded
         */
        float[][][] features(Path audioFile) throws IOException;
    }

    private final DeepChromaModel model;
    private final HcqtSource hcqt;

    /**
     * @param model the network (closed by {@link #close()})
     * @param hcqt  the feature computation
     */
    public DeepChromaExtractor(DeepChromaModel model, HcqtSource hcqt) {
        this.model = Objects.requireNonNull(model);
        this.hcqt = Objects.requireNonNull(hcqt);
    }

    /** The model ID, e.g. {@code v2_ctc_train345valid1}. */
    @Override
    public String id() {
        return model.id().id();
    }

    /** 25 Hz. */
    @Override
    public double frameRate() {
        return DeepChromaModel.FRAME_RATE;
    }

    public DeepChromaModel model() {
        return model;
    }

    @Override
    public FeatureSequence extract(Path audioFile) throws IOException {
        return model.deepChroma(hcqt.features(audioFile));
    }

    @Override
    public void close() {
        model.close();
    }
}
