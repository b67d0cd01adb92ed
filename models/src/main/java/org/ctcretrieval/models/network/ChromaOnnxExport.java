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

    /**
     * Builds the serialised ONNX model.
     *
     * @param modelId  recorded as graph name and metadata
     * @param weights  the trained parameters
     * @param source   where the weights came from (recorded as metadata)
     */
    public static byte[] toOnnx(String modelId, ChromaWeights weights, String source) {
        OnnxModelBuilder b = new OnnxModelBuilder("ctc_chroma_" + modelId);
        b.input(INPUT, "time", ChromaWeights.PITCHES, ChromaWeights.HARMONICS);
        b.int64Initializer("axis0", new long[] {1}, new long[] {0});
        b.int64Initializer("axes01", new long[] {2}, new long[] {0, 1});
        b.node("Unsqueeze", new String[] {INPUT, "axis0"}, new String[] {"batched"});
        b.node("Transpose", new String[] {"batched"}, new String[] {"nchw"}, Attribute.ints("perm", 0, 3, 1, 2));
        String x = "nchw";
        for (ChromaWeights.ConvLayer c : weights.convs()) {
            String w = c.name() + "_kernel";
            String bias = c.name() + "_bias";
            b.floatInitializer(w, new long[] {c.out(), c.in(), c.height(), c.width()}, c.kernelOihw());
            b.floatInitializer(bias, new long[] {c.out()}, c.bias());
            String conv = c.name() + "_conv";
            b.node("Conv", new String[] {x, w, bias}, new String[] {conv},
                    Attribute.ints("kernel_shape", c.height(), c.width()),
                    Attribute.ints("pads", c.padTimeBefore(), c.padPitchBefore(), c.padTimeAfter(), c.padPitchAfter()),
                    Attribute.ints("strides", 1, 1),
                    Attribute.ints("dilations", 1, 1));
            x = c.name();
            if (c.height() == 1 && c.width() == 1) {
                b.node("Sigmoid", new String[] {conv}, new String[] {x});
            } else {
                b.node("LeakyRelu", new String[] {conv}, new String[] {x}, Attribute.real("alpha", LEAKY_ALPHA));
            }
        }
        b.node("Squeeze", new String[] {x, "axes01"}, new String[] {SALIENCE});
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
}
