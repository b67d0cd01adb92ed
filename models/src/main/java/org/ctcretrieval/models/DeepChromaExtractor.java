package org.ctcretrieval.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.audio.AudioAnalysis;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;
import org.ctcretrieval.common.hcqt.HcqtDerivedFeature;
import org.ctcretrieval.common.hcqt.TuningEstimator;

/**
 * Deep chroma of a recording, the pipeline of the original {@code apply_model.py}: load mono at 22050 Hz
 * ({@link AudioLoader}, librosa.load semantics), compute the ctc_chroma HCQT network input {@code [T][216][6]} at
 * 25 Hz ({@link Hcqt#features}, {@code networkInput()}), run the network ({@link DeepChromaModel}) and keep the
 * first 12 class probabilities, L2-normalised per frame. Feature ID = model ID, frame rate 25 Hz; frame t is
 * centred at t/25 s.
 *
 * <p>By default the file is processed in bounded memory and gives the same result as the whole-file computation:
 * decoding, resampling and the HCQT run block by block ({@link AudioHcqt}), the reduced HCQT waits in an
 * {@link HcqtFeatureStore} (in memory for short recordings, in a temporary file for long ones) until the dB reference
 * of the whole recording is known, and the network then reads its input chunk by chunk
 * ({@link DeepChromaModel#probabilities(int, DeepChromaModel.FeatureFrames)}). The HCQT step can instead be a
 * {@link HcqtSource}, so tests and callers holding features already can skip decoding.
 */
public final class DeepChromaExtractor implements HcqtDerivedFeature {
    /** Sample rate the HCQT features are defined at, in Hz. */
    public static final int SAMPLE_RATE = AudioLoader.PRODUCT_RATE;

    /** Computes the network input of one recording. */
    @FunctionalInterface
    public interface HcqtSource {
        /**
         * @param audioFile a recording in any supported format
         * @return HCQT features at 25 Hz of the recording resampled to 22050 Hz, {@code T·216·6} values in
         *     row-major {@code [T][216][6]} order (see {@link DeepChromaModel#run(float[])})
         * @throws IOException naming the file if it cannot be decoded
         */
        float[] features(Path audioFile) throws IOException;
    }

    private final DeepChromaModel model;
    /** Whole-recording feature computation, or null for the bounded-memory path. */
    private final HcqtSource hcqt;
    private final Hcqt streamingHcqt;

    /**
     * Deep chroma of {@code model} from audio files in bounded memory, the HCQT computed with {@link Hcqt#Hcqt()}
     * defaults.
     */
    public DeepChromaExtractor(DeepChromaModel model) {
        this.model = Objects.requireNonNull(model);
        this.hcqt = null;
        this.streamingHcqt = new Hcqt();
    }

    /**
     * @param model the network (closed by {@link #close()})
     * @param hcqt  the feature computation
     */
    public DeepChromaExtractor(DeepChromaModel model, HcqtSource hcqt) {
        this.model = Objects.requireNonNull(model);
        this.hcqt = Objects.requireNonNull(hcqt);
        this.streamingHcqt = null;
    }

    /**
     * Deep chroma of {@code model} from audio files in bounded memory, the HCQT computed on {@code hcqtThreads}
     * threads.
     */
    public DeepChromaExtractor(DeepChromaModel model, int hcqtThreads) {
        this.model = Objects.requireNonNull(model);
        this.hcqt = null;
        this.streamingHcqt = new Hcqt(hcqtThreads);
    }

    /** The extractor of model {@code id} (e.g. {@code v2_ctc_train345valid1}) from the default locations. */
    public static DeepChromaExtractor load(String id) throws IOException {
        return new DeepChromaExtractor(DeepChromaModel.load(id));
    }

    /**
     * The extractor of model {@code id} from the default locations computing on {@code threads} threads: the HCQT
     * and ONNX Runtime (a session of its own) each use {@code threads}, one after the other for each recording.
     */
    public static DeepChromaExtractor load(String id, int threads) throws IOException {
        DeepChromaModel model = DeepChromaModel.load(ModelRegistry.fromEnvironment(), ModelId.parse(id),
                InferenceOptions.defaults().withThreads(threads));
        return new DeepChromaExtractor(model, threads);
    }

    /**
     * Decoding at 22050 Hz followed by the ctc_chroma HCQT network input.
     *
     * @throws InputException (from the source) if the file cannot be decoded or is too short for the HCQT
     */
    public static HcqtSource audioHcqt(Hcqt hcqt) {
        return file -> AudioAnalysis.apply(file, "HCQT features", y -> hcqt.features(y).networkInputFlat());
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

    /**
     * @return {@code [T][12]} deep chroma at 25 Hz
     * @throws InputException if the file cannot be decoded or is too short
     */
    @Override
    public FeatureSequence extract(Path audioFile) throws IOException {
        if (hcqt != null) return model.deepChroma(hcqt.features(audioFile)); // network input only: tuning unknown
        TuningEstimator tuning = new TuningEstimator();
        // the tuning is estimated from the h = 1 rows of the same HCQT blocks the network reads
        HcqtFeatureStore store = new HcqtFeatureStore(); // closed by AudioHcqt.features if it fails
        try (HcqtFeatureStore filled = AudioHcqt.features(audioFile, streamingHcqt, store, block -> {
                    tuning.accept(block, Hcqt.FUNDAMENTAL * Hcqt.BINS);
                    store.accept(block);
                })) {
            return model.deepChroma(filled.length(), filled::networkInput).withTuningCents(tuning.cents());
        }
    }

    /** Whether this extractor computes the HCQT itself in bounded memory (not from a {@link HcqtSource}). */
    @Override
    public boolean derivesFromHcqt() {
        return hcqt == null;
    }

    /** Deep chroma from an already computed (finished) HCQT store, e.g. one shared with other features. */
    @Override
    public FeatureSequence fromHcqt(HcqtFeatureStore store) throws IOException {
        return model.deepChroma(store.length(), store::networkInput);
    }

    @Override
    public void close() {
        model.close();
    }
}
