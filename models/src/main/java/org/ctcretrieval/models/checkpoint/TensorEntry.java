package org.ctcretrieval.models.checkpoint;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where and how one tensor of a TensorFlow tensor bundle is stored: the decoded {@code BundleEntryProto} of its key
 * in the {@code .index} table (tensorflow/core/protobuf/tensor_bundle.proto).
 *
 * @param name        the checkpoint key, e.g. {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE}
 * @param dtype       TensorFlow {@code DataType} number (1 = float32, 2 = float64, 3 = int32, 7 = string, 9 = int64)
 * @param shape       dimensions, outermost first ({@code []} for a scalar)
 * @param shardId     index of the {@code .data-NNNNN-of-MMMMM} file holding the bytes
 * @param offset      byte offset in that shard
 * @param size        number of bytes
 * @param maskedCrc32c masked CRC32C of the bytes, as stored
 */
public record TensorEntry(String name, int dtype, long[] shape, int shardId, long offset, long size, int maskedCrc32c) {

    /** The NumPy-style name of {@link #dtype()}: {@code float32}, {@code int64}, {@code string}, ... */
    public String dtypeName() {
        return switch (dtype) {
            case 1 -> "float32";
            case 2 -> "float64";
            case 3 -> "int32";
            case 4 -> "uint8";
            case 5 -> "int16";
            case 6 -> "int8";
            case 7 -> "string";
            case 9 -> "int64";
            case 10 -> "bool";
            case 19 -> "float16";
            default -> "dtype" + dtype;
        };
    }

    /** The shape as Python prints a tuple: {@code ()}, {@code (64,)}, {@code (3, 3, 6, 64)}. */
    public String shapeString() {
        return shapeString(shape);
    }

    /** {@code dims} as Python prints a shape tuple. */
    public static String shapeString(long[] dims) {
        if (dims.length == 1) return "(" + dims[0] + ",)";
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Number of elements (product of the dimensions; 1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e && name.equals(e.name) && dtype == e.dtype && Arrays.equals(shape, e.shape)
                && shardId == e.shardId && offset == e.offset && size == e.size && maskedCrc32c == e.maskedCrc32c;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtypeName() + " " + shapeString() + " off=" + offset + " size=" + size;
    }
}
