package org.ctcretrieval.models.network;

import org.ctcretrieval.models.onnx.OnnxModelBuilder;
import org.ctcretrieval.models.onnx.OnnxModelBuilder.Attribute;

/**
 * Expresses the ctc_chroma network as an ONNX graph with Keras semantics (Zalkow &amp; Müller, ISMIR 2020,
 * {@code ctc_chroma/models.py}).
 *
 * <p>Input {@value #INPUT} {@code [time, 216, 6]} (channels last, as the original), transposed to NCHW
 * {@code [1, 6, time, 216]} (H = time, W = pitch). Five convolutions (3x3 with 64, 32, 32, 32 channels, then 3x42
 * with 8) each followed by LeakyReLU with Keras' default alpha 0.3, then a 1x1 convolution with a sigmoid; TF "same"
 * padding is written as explicit Conv {@code pads} (before = (k-1)/2, after = k-1-before, so the 3x42 kernel pads
 * pitch by 20 before and 21 after). The salience {@code [time, 216]} is pooled to 12 chroma classes (fixed 0/1
 * matrix) and one blank class (dense with bias), concatenated and passed through a softmax.
 *
 * <p>The last two convolutions are written in an equivalent polyphase form for speed (see
 * {@link #toOnnx(String, ChromaWeights, String, int)}).
 *
 * <p>Outputs: {@value #PROBABILITIES} {@code [time, 13]}, {@value #LOGITS} {@code [time, 13]} (before the softmax)
 * and {@value #SALIENCE} {@code [time, 216]}. The time axis is symbolic, so any length can be evaluated.
 */
public final class ChromaOnnxExport {
    public static final String INPUT = "features";
    public static final String PROBABILITIES = "probabilities";
    public static final String LOGITS = "logits";
    public static final String SALIENCE = "salience";
    /** Keras' default LeakyReLU slope, used by the original layers ({@code LeakyReLU()}). */
    public static final float LEAKY_ALPHA = 0.3f;

    private ChromaOnnxExport() {}

    /** Pitch phases used by {@link #toOnnx(String, ChromaWeights, String)}; see {@link #toOnnx(String, ChromaWeights, String, int)}. */
    public static final int DEFAULT_PITCH_PHASES = 4;

    /**
     * Builds the serialised ONNX model with {@value #DEFAULT_PITCH_PHASES} pitch phases for the last two layers.
     *
     * @param modelId  recorded as graph name and metadata
     * @param weights  the trained parameters
     * @param source   where the weights came from (recorded as metadata)
     */
    public static byte[] toOnnx(String modelId, ChromaWeights weights, String source) {
        return toOnnx(modelId, weights, source, DEFAULT_PITCH_PHASES);
    }

    /**
     * Builds the serialised ONNX model.
     *
     * <p>With {@code pitchPhases} = 1 every layer is a direct transcription. With P &gt; 1 the 3x42 "distribute"
     * convolution (8 output channels, about half of all operations) and the 1x1 "squishy" convolution are
     * rewritten in polyphase form, which computes the same sums with 8·P output channels and stride P along pitch:
     * output channel o·P + j at pitch position m holds original channel o at pitch P·m + j, using the kernel
     * shifted by j inside a (42 + P - 1)-wide window. ONNX Runtime's blocked (NCHWc) convolutions work on
     * 8 or 16 output channels at a time (AVX2 / AVX-512), so 8 channels leave most of each block idle; with P = 4
     * (32 channels) the whole network needed 0.27 instead of 0.48 CPU seconds per 1000 frames on one AVX-512 core,
     * for (P - 1)/42 = 7% extra multiplications with zeros in that layer. The P salience phases are interleaved
     * back to 216 bins before the pooling.
     *
     * @param pitchPhases P, a divisor of 216 (1 = plain layout)
     */
    public static byte[] toOnnx(String modelId, ChromaWeights weights, String source, int pitchPhases) {
        if (pitchPhases < 1 || ChromaWeights.PITCHES % pitchPhases != 0) {
            throw new IllegalArgumentException("pitch phases must divide 216: " + pitchPhases);
        }
        OnnxModelBuilder b = new OnnxModelBuilder("ctc_chroma_" + modelId);
        b.input(INPUT, "time", ChromaWeights.PITCHES, ChromaWeights.HARMONICS);
        b.int64Initializer("axis0", new long[] {1}, new long[] {0});
        b.node("Unsqueeze", new String[] {INPUT, "axis0"}, new String[] {"batched"});
        b.node("Transpose", new String[] {"batched"}, new String[] {"nchw"}, Attribute.ints("perm", 0, 3, 1, 2));
        String x = "nchw";
        java.util.List<ChromaWeights.ConvLayer> convs = weights.convs();
        int plainLayers = pitchPhases == 1 ? convs.size() : convs.size() - 2;
        for (int l = 0; l < plainLayers; l++) {
            ChromaWeights.ConvLayer c = convs.get(l);
            x = conv(b, x, c.name(), c, c.kernelOihw(), c.bias(), c.in(), c.out(), c.width(), 1);
        }
        if (pitchPhases == 1) {
            b.int64Initializer("axes01", new long[] {2}, new long[] {0, 1});
            b.node("Squeeze", new String[] {x, "axes01"}, new String[] {SALIENCE});
        } else {
            ChromaWeights.ConvLayer distribute = convs.get(convs.size() - 2);
            ChromaWeights.ConvLayer squishy = convs.get(convs.size() - 1);
            x = conv(b, x, distribute.name() + "_polyphase", distribute, polyphaseKernel(distribute, pitchPhases),
                    repeatEach(distribute.bias(), pitchPhases), distribute.in(), distribute.out() * pitchPhases,
                    distribute.width() + pitchPhases - 1, pitchPhases);
            x = conv(b, x, squishy.name() + "_polyphase", squishy, polyphasePointwise(squishy, pitchPhases),
                    repeatEach(squishy.bias(), pitchPhases), squishy.in() * pitchPhases, pitchPhases, 1, 1);
            // [1, P, T, 216/P] -> [P, T, 216/P] -> [T, 216/P, P] -> [T, 216]
            b.int64Initializer("salience_shape", new long[] {2}, new long[] {-1, ChromaWeights.PITCHES});
            b.node("Squeeze", new String[] {x, "axis0"}, new String[] {"salience_phases"});
            b.node("Transpose", new String[] {"salience_phases"}, new String[] {"salience_interleaved"},
                    Attribute.ints("perm", 1, 2, 0));
            b.node("Reshape", new String[] {"salience_interleaved", "salience_shape"}, new String[] {SALIENCE});
        }
        b.floatInitializer("chroma_pool", new long[] {ChromaWeights.PITCHES, 12}, weights.chromaPool());
        b.floatInitializer("eps_pool", new long[] {ChromaWeights.PITCHES, 1}, weights.epsPool());
        b.floatInitializer("eps_bias", new long[] {1}, new float[] {weights.epsBias()});
        b.node("MatMul", new String[] {SALIENCE, "chroma_pool"}, new String[] {"chroma"});
        b.node("MatMul", new String[] {SALIENCE, "eps_pool"}, new String[] {"eps_linear"});
        b.node("Add", new String[] {"eps_linear", "eps_bias"}, new String[] {"eps"});
        b.node("Concat", new String[] {"chroma", "eps"}, new String[] {LOGITS}, Attribute.integer("axis", 1));
        b.node("Softmax", new String[] {LOGITS}, new String[] {PROBABILITIES}, Attribute.integer("axis", 1));
        b.output(PROBABILITIES, "time", ChromaWeights.CLASSES);
        b.output(LOGITS, "time", ChromaWeights.CLASSES);
        b.output(SALIENCE, "time", ChromaWeights.PITCHES);
        b.metadata("model_id", modelId);
        b.metadata("source", source);
        b.metadata("reference", "Zalkow & Mueller, ISMIR 2020; https://github.com/fzalkow/ctc_chroma (MIT licence)");
        return b.build("ctc-retrieval", "0.1.0", "ctc_chroma deep chroma network " + modelId
                + ": features [time,216,6] -> probabilities [time,13] (C..B, blank)");
    }

    /**
     * Appends Conv (TF "same" padding of {@code layer}, stride {@code pitchStride} along pitch) and its activation:
     * sigmoid for the 1x1 layer, LeakyReLU otherwise. Returns the activation's output name.
     */
    private static String conv(OnnxModelBuilder b, String input, String name, ChromaWeights.ConvLayer layer,
            float[] kernelOihw, float[] bias, int in, int out, int width, int pitchStride) {
        b.floatInitializer(name + "_kernel", new long[] {out, in, layer.height(), width}, kernelOihw);
        b.floatInitializer(name + "_bias", new long[] {out}, bias);
        String conv = name + "_conv";
        b.node("Conv", new String[] {input, name + "_kernel", name + "_bias"}, new String[] {conv},
                Attribute.ints("kernel_shape", layer.height(), width),
                Attribute.ints("pads", layer.padTimeBefore(), layer.padPitchBefore(), layer.padTimeAfter(),
                        layer.padPitchAfter()),
                Attribute.ints("strides", 1, pitchStride),
                Attribute.ints("dilations", 1, 1));
        if (layer.height() == 1 && layer.width() == 1) {
            b.node("Sigmoid", new String[] {conv}, new String[] {name});
        } else {
            b.node("LeakyRelu", new String[] {conv}, new String[] {name}, Attribute.real("alpha", LEAKY_ALPHA));
        }
        return name;
    }

    /** Kernel {@code [out*P][in][h][w+P-1]}: channel o*P+j is the kernel of o shifted right by j. */
    static float[] polyphaseKernel(ChromaWeights.ConvLayer c, int phases) {
        float[] k = c.kernelOihw();
        int w2 = c.width() + phases - 1;
        float[] out = new float[c.out() * phases * c.in() * c.height() * w2];
        for (int o = 0; o < c.out(); o++) {
            for (int j = 0; j < phases; j++) {
                for (int i = 0; i < c.in(); i++) {
                    for (int y = 0; y < c.height(); y++) {
                        for (int x = 0; x < c.width(); x++) {
                            out[(((o * phases + j) * c.in() + i) * c.height() + y) * w2 + x + j] =
                                    k[((o * c.in() + i) * c.height() + y) * c.width() + x];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** 1x1 kernel {@code [P][in*P][1][1]} applying the single-output 1x1 layer to each phase separately. */
    static float[] polyphasePointwise(ChromaWeights.ConvLayer c, int phases) {
        if (c.out() != 1 || c.height() != 1 || c.width() != 1) throw new IllegalArgumentException("expects a 1x1 conv to one channel");
        float[] k = c.kernelOihw();
        float[] out = new float[phases * c.in() * phases];
        for (int j = 0; j < phases; j++) {
            for (int o = 0; o < c.in(); o++) out[j * c.in() * phases + o * phases + j] = k[o];
        }
        return out;
    }

    private static float[] repeatEach(float[] values, int times) {
        float[] out = new float[values.length * times];
        for (int i = 0; i < out.length; i++) out[i] = values[i / times];
        return out;
    }
}
