package org.ctcretrieval.models.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assembles a small ONNX model ({@code ModelProto}) by hand: float/int64 initializers, nodes with int, float and
 * ints attributes, and float tensor inputs/outputs whose dimensions may be symbolic. Field numbers follow
 * {@code onnx/onnx.proto} (IR version 7, default-domain opset 13).
 *
 * <p>Nodes must be added in topological order, as the ONNX graph definition requires.
 */
public final class OnnxModelBuilder {
    /** ONNX IR version written to the model (7 is the IR of opset 13). */
    public static final int IR_VERSION = 7;
    /** Opset version of the default operator domain. */
    public static final int OPSET = 13;

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final String graphName;
    private final ProtoWriter graph = new ProtoWriter();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public OnnxModelBuilder(String graphName) {
        this.graphName = graphName;
    }

    /** One node attribute ({@code AttributeProto}). */
    public static final class Attribute {
        private final ProtoWriter proto = new ProtoWriter();

        private Attribute(String name) {
            proto.string(1, name);
        }

        /** Attribute of type INTS (7). */
        public static Attribute ints(String name, long... values) {
            Attribute a = new Attribute(name);
            for (long v : values) a.proto.varint(8, v);
            a.proto.varint(20, 7);
            return a;
        }

        /** Attribute of type INT (2). */
        public static Attribute integer(String name, long value) {
            Attribute a = new Attribute(name);
            a.proto.varint(3, value);
            a.proto.varint(20, 2);
            return a;
        }

        /** Attribute of type FLOAT (1). */
        public static Attribute real(String name, float value) {
            Attribute a = new Attribute(name);
            a.proto.float32(2, value);
            a.proto.varint(20, 1);
            return a;
        }
    }

    /** Adds a constant float32 tensor ({@code TensorProto} with raw little-endian data). */
    public OnnxModelBuilder floatInitializer(String name, long[] dims, float[] values) {
        requireCount(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        graph.message(5, tensor(name, dims, FLOAT, raw.array()));
        return this;
    }

    /** Adds a constant int64 tensor (shapes and axes inputs of Reshape, Squeeze, Unsqueeze). */
    public OnnxModelBuilder int64Initializer(String name, long[] dims, long[] values) {
        requireCount(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        graph.message(5, tensor(name, dims, INT64, raw.array()));
        return this;
    }

    /**
     * Declares a float32 graph input.
     *
     * @param dims each a {@link Number} (fixed size) or a {@link String} (symbolic size, e.g. {@code "time"})
     */
    public OnnxModelBuilder input(String name, Object... dims) {
        graph.message(11, valueInfo(name, dims));
        return this;
    }

    /** Declares a float32 graph output; dimensions as for {@link #input}. */
    public OnnxModelBuilder output(String name, Object... dims) {
        graph.message(12, valueInfo(name, dims));
        return this;
    }

    /** Appends a node of the default domain ({@code NodeProto}). */
    public OnnxModelBuilder node(String opType, String[] inputs, String[] outputs, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        for (String in : inputs) node.string(1, in);
        for (String out : outputs) node.string(2, out);
        node.string(3, outputs[0] + "_" + opType);
        node.string(4, opType);
        for (Attribute a : attributes) node.message(5, a.proto);
        graph.message(1, node);
        return this;
    }

    /** Adds a key/value pair to the model's {@code metadata_props}. */
    public OnnxModelBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Serialises the {@code ModelProto}. */
    public byte[] build(String producerName, String producerVersion, String docString) {
        // GraphProto fields may come in any order: nodes, initializers and values first, then the name.
        ProtoWriter name = new ProtoWriter().string(2, graphName);
        ProtoWriter model = new ProtoWriter();
        model.varint(1, IR_VERSION);
        model.string(2, producerName);
        model.string(3, producerVersion);
        model.string(6, docString);
        model.bytes(7, concat(graph.toByteArray(), name.toByteArray()));
        model.message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        return model.toByteArray();
    }

    private static ProtoWriter tensor(String name, long[] dims, int dataType, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) t.varint(1, d);
        t.varint(2, dataType);
        t.string(8, name);
        t.bytes(9, raw);
        return t;
    }

    private static ProtoWriter valueInfo(String name, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof Number n) dim.varint(1, n.longValue());
            else dim.string(2, d.toString());
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    private static void requireCount(String name, long[] dims, int count) {
        long n = 1;
        for (long d : dims) n *= d;
        if (n != count) throw new IllegalArgumentException("initializer " + name + ": " + count + " values for " + n + " elements");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
