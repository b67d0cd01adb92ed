package org.ctcretrieval.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.models.network.ChromaOnnxExport;
import org.ctcretrieval.models.network.ChromaWeights;

/**
 * One trained ctc_chroma network, evaluated with ONNX Runtime through DJL: HCQT features in, per-frame
 * probabilities of the 12 pitch classes and the CTC blank out, at the feature frame rate of 25 Hz.
 *
 * <p>Equivalent to {@code get_model(model_id).predict(features[np.newaxis])} of the original package. Safe for
 * concurrent calls: the ONNX Runtime session is shared (its {@code run} is thread-safe) and each call borrows a DJL
 * predictor of its own, so calls from several threads run side by side rather than queueing. ONNX Runtime
 * parallelises each call with {@link InferenceOptions#intraOpThreads()} threads; with one, the call computes on the
 * calling thread only, which is how an indexer worker that owns one core uses it.
 */
public final class DeepChromaModel implements AutoCloseable {
    /** Frame rate of the input features and of the output, in Hz (hop of 1/25 s). */
    public static final double FRAME_RATE = 25.0;
    /**
     * Frames of context added on each side of a chunk. Five stacked convolutions of height 3 see 5 frames to each
     * side; 8 leaves a safety margin. Frames farther than that from a chunk edge do not depend on the padding.
     */
    public static final int CONTEXT_FRAMES = 8;

    /** ONNX Runtime's session setting for spinning intra-op threads ({@link InferenceOptions#spinning()}). */
    static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

    private final ModelId id;
    private final InferenceOptions options;
    private final Model model;
    /** Predictors not in use; a DJL predictor must not be used by two threads at once. */
    private final java.util.concurrent.ConcurrentLinkedDeque<Predictor<NDList, NDList>> idle =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Every predictor made, closed with the model. */
    private final java.util.Queue<Predictor<NDList, NDList>> all = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private DeepChromaModel(ModelId id, InferenceOptions options, Model model) {
        this.id = id;
        this.options = options;
        this.model = model;
    }

    /** Loads {@code id} (e.g. {@code v2_ctc_train345valid1}) from the default locations with default options. */
    public static DeepChromaModel load(String id) throws IOException {
        return load(ModelRegistry.fromEnvironment(), ModelId.parse(id), InferenceOptions.defaults());
    }

    /** Loads {@code id} from the default locations with default options. */
    public static DeepChromaModel load(ModelId id) throws IOException {
        return load(ModelRegistry.fromEnvironment(), id, InferenceOptions.defaults());
    }

    /**
     * Loads a model, converting its checkpoint to ONNX first if the cache holds no current copy.
     *
     * @throws org.ctcretrieval.common.InputException if the checkpoint is missing or corrupt
     * @throws IOException if ONNX Runtime cannot load the generated model
     */
    public static DeepChromaModel load(ModelRegistry registry, ModelId id, InferenceOptions options) throws IOException {
        return loadOnnx(id, registry.onnxFile(id), options);
    }

    /** Loads an ONNX file written by {@link ChromaOnnxExport} for model {@code id}. */
    public static DeepChromaModel loadOnnx(ModelId id, Path onnxFile, InferenceOptions options) throws IOException {
        Model model = Model.newInstance(id.id(), Device.cpu(), "OnnxRuntime");
        // DJL applies its string options on top of a SessionOptions passed in; ONNX Runtime copies them into the
        // session, so they can be closed once it is made
        try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
            session.addConfigEntry(ALLOW_SPINNING, options.spinning() ? "1" : "0");
            Map<String, Object> ortOptions = new HashMap<>();
            ortOptions.put("sessionOptions", session);
            ortOptions.put("intraOpNumThreads", Integer.toString(options.intraOpThreads()));
            ortOptions.put("interOpNumThreads", "1");
            ortOptions.put("optLevel", options.optLevel());
            String name = onnxFile.getFileName().toString();
            model.load(onnxFile.toAbsolutePath().getParent(), name.substring(0, name.length() - ".onnx".length()), ortOptions);
        } catch (MalformedModelException | OrtException | RuntimeException e) {
            model.close();
            throw new IOException(onnxFile + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        return new DeepChromaModel(id, options, model);
    }

    public ModelId id() {
        return id;
    }

    public InferenceOptions options() {
        return options;
    }

    /**
     * Softmax output of the network.
     *
     * @param features {@code [T][216][6]} HCQT features at 25 Hz (pitch bins from C1 at 36 per octave, harmonics
     *                 0.5, 1, 2, 3, 4, 5), as computed by the ctc_chroma feature code
     * @return {@code [T][13]}: probabilities of C, C#, ..., B and of the blank
     */
    public float[][] probabilities(float[][][] features) {
        return run(features).probabilities();
    }

    /**
     * Deep chroma: the first 12 probabilities of each frame, L2-normalised, at 25 Hz, with this model's ID as feature
     * ID (see {@link #chromaFromProbabilities}).
     */
    public FeatureSequence deepChroma(float[][][] features) {
        return new FeatureSequence(id.id(), FRAME_RATE, chromaFromProbabilities(probabilities(features)));
    }

    /** {@link #deepChroma(float[][][])} of flat features (see {@link #run(float[])}). */
    public FeatureSequence deepChroma(float[] flatFeatures) {
        return new FeatureSequence(id.id(), FRAME_RATE, chromaFromProbabilities(run(flatFeatures).probabilities()));
    }

    /**
     * The first 12 of the 13 class probabilities per frame, scaled to unit Euclidean norm:
     * {@code librosa.util.normalize(probabilities[:-1], norm=2, fill=True)} as in the original {@code apply_model.py}
     * (a frame whose norm is below the smallest normal float becomes the uniform vector 12^-1/2).
     */
    public static float[][] chromaFromProbabilities(float[][] probabilities) {
        float fill = (float) (1 / Math.sqrt(12));
        float[][] chroma = new float[probabilities.length][12];
        for (int t = 0; t < probabilities.length; t++) {
            double norm = 0;
            for (int c = 0; c < 12; c++) norm += (double) probabilities[t][c] * probabilities[t][c];
            norm = Math.sqrt(norm);
            for (int c = 0; c < 12; c++) {
                chroma[t][c] = norm < Float.MIN_NORMAL ? fill : (float) (probabilities[t][c] / norm);
            }
        }
        return chroma;
    }

    /**
     * All outputs of the network. Inputs longer than {@link InferenceOptions#chunkFrames()} are evaluated in chunks
     * with {@link #CONTEXT_FRAMES} frames of overlap, which gives the same result as one call on the whole input.
     */
    public NetworkOutput run(float[][][] features) {
        int frames = features.length;
        int stride = ChromaWeights.PITCHES * ChromaWeights.HARMONICS;
        float[] flat = new float[frames * stride];
        for (int t = 0; t < frames; t++) {
            if (features[t].length != ChromaWeights.PITCHES || features[t][0].length != ChromaWeights.HARMONICS) {
                throw new IllegalArgumentException("features must be [T][216][6]; frame " + t + " is ["
                        + features[t].length + "][" + (features[t].length == 0 ? 0 : features[t][0].length) + "]");
            }
            for (int p = 0; p < ChromaWeights.PITCHES; p++) {
                System.arraycopy(features[t][p], 0, flat, t * stride + p * ChromaWeights.HARMONICS,
                        ChromaWeights.HARMONICS);
            }
        }
        return run(flat);
    }

    /**
     * {@link #run(float[][][])} on the features as one row-major array of {@code T·216·6} values, index
     * {@code (t·216 + pitch)·6 + harmonic} (as {@code HcqtFeatures.networkInputFlat()} returns them).
     */
    public NetworkOutput run(float[] flatFeatures) {
        int stride = ChromaWeights.PITCHES * ChromaWeights.HARMONICS;
        if (flatFeatures.length % stride != 0) {
            throw new IllegalArgumentException("flat features must hold T x 216 x 6 values, got " + flatFeatures.length);
        }
        int frames = flatFeatures.length / stride;
        float[][] probabilities = new float[frames][];
        float[][] logits = new float[frames][];
        float[][] salience = new float[frames][];
        int chunk = options.chunkFrames();
        for (int start = 0; start < frames; start += chunk) {
            int end = Math.min(frames, start + chunk);
            int from = Math.max(0, start - CONTEXT_FRAMES);
            int to = Math.min(frames, end + CONTEXT_FRAMES);
            NetworkOutput part = runOnce(java.util.Arrays.copyOfRange(flatFeatures, from * stride, to * stride), to - from);
            for (int t = start; t < end; t++) {
                probabilities[t] = part.probabilities()[t - from];
                logits[t] = part.logits()[t - from];
                salience[t] = part.salience()[t - from];
            }
        }
        return new NetworkOutput(probabilities, logits, salience);
    }

    /** Supplies the network input of a recording range by range (e.g. from an HCQT feature store). */
    @FunctionalInterface
    public interface FeatureFrames {
        /**
         * Writes the features of frames {@code from … to − 1} to {@code out[0 …]}, row-major {@code [to − from][216][6]}.
         */
        void fill(int from, int to, float[] out) throws IOException;
    }

    /**
     * The class probabilities of a recording whose features are read range by range, so that neither the features
     * nor the other network outputs of the whole recording are held: equal to {@code run(all features)
     * .probabilities()} (the same chunks with the same context are evaluated). The features of the next chunk are
     * prepared on another thread while the network evaluates the current one.
     *
     * @param frames number of frames T
     * @param source the features
     * @return {@code [T][13]}
     * @throws IOException from the source
     */
    public float[][] probabilities(int frames, FeatureFrames source) throws IOException {
        int stride = ChromaWeights.PITCHES * ChromaWeights.HARMONICS;
        float[][] probabilities = new float[frames][];
        int chunk = options.chunkFrames();
        if (options.intraOpThreads() == 1) {
            // one computing thread: preparing the next chunk on another thread would compete with the network
            for (int start = 0; start < frames; start += chunk) {
                int end = Math.min(frames, start + chunk);
                int from = Math.max(0, start - CONTEXT_FRAMES);
                int to = Math.min(frames, end + CONTEXT_FRAMES);
                NetworkOutput part = runOnce(input(source, start, chunk, frames, stride), to - from);
                for (int t = start; t < end; t++) probabilities[t] = part.probabilities()[t - from];
            }
            return probabilities;
        }
        java.util.concurrent.ExecutorService prefetch = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "network-input");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.concurrent.Future<float[]> next = prefetch.submit(() -> input(source, 0, chunk, frames, stride));
            for (int start = 0; start < frames; start += chunk) {
                float[] flat = await(next);
                int following = start + chunk;
                next = following < frames ? prefetch.submit(() -> input(source, following, chunk, frames, stride)) : null;
                int end = Math.min(frames, start + chunk);
                int from = Math.max(0, start - CONTEXT_FRAMES);
                int to = Math.min(frames, end + CONTEXT_FRAMES);
                NetworkOutput part = runOnce(flat, to - from);
                for (int t = start; t < end; t++) probabilities[t] = part.probabilities()[t - from];
            }
        } finally {
            prefetch.shutdownNow();
        }
        return probabilities;
    }

    /** The features of the chunk starting at {@code start}, with its context frames. */
    private static float[] input(FeatureFrames source, int start, int chunk, int frames, int stride) throws IOException {
        int end = Math.min(frames, start + chunk);
        int from = Math.max(0, start - CONTEXT_FRAMES);
        int to = Math.min(frames, end + CONTEXT_FRAMES);
        float[] flat = new float[(to - from) * stride];
        source.fill(from, to, flat);
        return flat;
    }

    private static float[] await(java.util.concurrent.Future<float[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /** Deep chroma from {@link #probabilities(int, FeatureFrames)}, as {@link #deepChroma(float[])}. */
    public FeatureSequence deepChroma(int frames, FeatureFrames source) throws IOException {
        return new FeatureSequence(id.id(), FRAME_RATE, chromaFromProbabilities(probabilities(frames, source)));
    }

    /** One network call on {@code frames} frames of flat features, on a predictor no other thread is using. */
    private NetworkOutput runOnce(float[] flat, int frames) {
        Predictor<NDList, NDList> predictor = idle.pollFirst();
        if (predictor == null) {
            predictor = model.newPredictor(new NoopTranslator());
            all.add(predictor);
        }
        try {
            return runOnce(predictor, flat, frames);
        } finally {
            idle.addFirst(predictor);
        }
    }

    private NetworkOutput runOnce(Predictor<NDList, NDList> predictor, float[] flat, int frames) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(flat, new Shape(frames, ChromaWeights.PITCHES, ChromaWeights.HARMONICS));
            input.setName(ChromaOnnxExport.INPUT);
            NDList out = predictor.predict(new NDList(input));
            return new NetworkOutput(
                    rows(named(out, ChromaOnnxExport.PROBABILITIES), frames, ChromaWeights.CLASSES),
                    rows(named(out, ChromaOnnxExport.LOGITS), frames, ChromaWeights.CLASSES),
                    rows(named(out, ChromaOnnxExport.SALIENCE), frames, ChromaWeights.PITCHES));
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX Runtime failed on model " + id + ": " + e.getMessage(), e);
        }
    }

    private static NDArray named(NDList list, String name) {
        NDArray a = list.get(name);
        if (a == null) throw new IllegalStateException("network output '" + name + "' missing");
        return a;
    }

    private static float[][] rows(NDArray array, int frames, int width) {
        float[] flat = array.toFloatArray();
        if (flat.length != frames * width) {
            throw new IllegalStateException("network output " + array.getName() + " has " + flat.length
                    + " values, expected " + frames + "x" + width);
        }
        float[][] out = new float[frames][width];
        for (int t = 0; t < frames; t++) System.arraycopy(flat, t * width, out[t], 0, width);
        return out;
    }

    @Override
    public void close() {
        all.forEach(Predictor::close);
        model.close();
    }
}
