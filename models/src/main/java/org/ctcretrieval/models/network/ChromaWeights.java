package org.ctcretrieval.models.network;

import java.io.IOException;
import java.util.List;
import org.ctcretrieval.models.checkpoint.TensorBundle;

/**
 * The trained parameters of the ctc_chroma network ({@code ctc_chroma/models.py}, {@code get_model_noweigts}),
 * read from a TensorFlow checkpoint. Adam slots and optimizer scalars of the v2 checkpoints are ignored.
 *
 * @param convs       the six convolutions bendy1, bendy2, smoothy1, smoothy2, distribute, squishy, in order
 * @param chromaPool  the fixed chroma pooling matrix, {@code [216][12]} row-major (bin b -> class (b/3) % 12)
 * @param epsPool     the blank ("epsilon") pooling weights, 216 values
 * @param epsBias     the blank pooling bias
 */
public record ChromaWeights(List<ConvLayer> convs, float[] chromaPool, float[] epsPool, float epsBias) {
    /** Number of pitch bins of the input and of the salience layer (6 octaves x 36 bins). */
    public static final int PITCHES = 216;
    /** Number of HCQT harmonics, the input channels. */
    public static final int HARMONICS = 6;
    /** Output classes: 12 chroma (C..B) then the CTC blank. */
    public static final int CLASSES = 13;

    private static final String VALUE = "/.ATTRIBUTES/VARIABLE_VALUE";

    /** The six convolutions' kernel height, width, input and output channels, in order. */
    public static final List<int[]> LAYER_SHAPES = List.of(
            new int[] {3, 3, HARMONICS, 64},
            new int[] {3, 3, 64, 32},
            new int[] {3, 3, 32, 32},
            new int[] {3, 3, 32, 32},
            new int[] {3, 42, 32, 8},
            new int[] {1, 1, 8, 1});
    private static final List<String> LAYER_NAMES = List.of("bendy1", "bendy2", "smoothy1", "smoothy2", "distribute",
            "squishy");

    /**
     * One 2-D convolution with "same" padding, stride 1.
     *
     * @param name      the Keras layer name
     * @param height    kernel extent along time
     * @param width     kernel extent along pitch
     * @param in        input channels
     * @param out       output channels
     * @param kernelTf  the kernel in TensorFlow layout {@code [height][width][in][out]}, row-major
     * @param bias      {@code out} biases
     */
    public record ConvLayer(String name, int height, int width, int in, int out, float[] kernelTf, float[] bias) {
        /** The kernel in ONNX/PyTorch layout {@code [out][in][height][width]}, row-major. */
        public float[] kernelOihw() {
            float[] k = new float[kernelTf.length];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            k[((o * in + i) * height + y) * width + x] = kernelTf[((y * width + x) * in + i) * out + o];
                        }
                    }
                }
            }
            return k;
        }

        /** TensorFlow "same" padding along time: {@code (height-1)/2} before, the rest after. */
        public int padTimeBefore() {
            return (height - 1) / 2;
        }

        public int padTimeAfter() {
            return height - 1 - padTimeBefore();
        }

        /** TensorFlow "same" padding along pitch: {@code (width-1)/2} before, the rest after (20/21 for width 42). */
        public int padPitchBefore() {
            return (width - 1) / 2;
        }

        public int padPitchAfter() {
            return width - 1 - padPitchBefore();
        }
    }

    /**
     * Reads the network's tensors (checkpoint keys {@code layer_with_weights-0..7}) and checks their shapes and
     * checksums.
     *
     * @throws org.ctcretrieval.common.InputException if a tensor is missing, misshapen, truncated or corrupt
     */
    public static ChromaWeights read(TensorBundle bundle) throws IOException {
        ConvLayer[] convs = new ConvLayer[LAYER_SHAPES.size()];
        for (int l = 0; l < convs.length; l++) {
            String name = LAYER_NAMES.get(l);
            int h = LAYER_SHAPES.get(l)[0];
            int w = LAYER_SHAPES.get(l)[1];
            int in = LAYER_SHAPES.get(l)[2];
            int out = LAYER_SHAPES.get(l)[3];
            String key = "layer_with_weights-" + l;
            float[] kernel = bundle.readFloats(key + "/kernel" + VALUE, h, w, in, out);
            float[] bias = bundle.readFloats(key + "/bias" + VALUE, out);
            convs[l] = new ConvLayer(name, h, w, in, out, kernel, bias);
        }
        float[] chroma = bundle.readFloats("layer_with_weights-6/layer/kernel" + VALUE, PITCHES, 12);
        float[] eps = bundle.readFloats("layer_with_weights-7/layer/kernel" + VALUE, PITCHES, 1);
        float[] epsBias = bundle.readFloats("layer_with_weights-7/layer/bias" + VALUE, 1);
        return new ChromaWeights(List.of(convs), chroma, eps, epsBias[0]);
    }
}
