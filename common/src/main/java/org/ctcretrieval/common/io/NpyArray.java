package org.ctcretrieval.common.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 array with a shape, in C (row-major) order, as stored in a numpy {@code .npy} file with dtype
 * {@code <f4}.
 *
 * @param shape dimensions, outermost first ({@code [rows, cols]} for a matrix, {@code [n]} for a vector)
 * @param data  the values in C order; its length is the product of {@code shape} (not copied)
 */
public record NpyArray(int[] shape, float[] data) {
    public NpyArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has "
                    + data.length);
        }
        shape = shape.clone();
    }

    /** A 1-D array of shape {@code (n,)}. */
    public static NpyArray vector(float[] values) {
        return new NpyArray(new int[] {values.length}, values);
    }

    /** A 2-D array of shape {@code (rows.length, rows[0].length)} holding {@code rows[i][j]} at {@code [i, j]}. */
    public static NpyArray matrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("ragged rows");
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new NpyArray(new int[] {rows.length, cols}, data);
    }

    /**
     * The transpose of {@code rows} as a 2-D array of shape {@code (cols, rows.length)}, e.g. a {@code [T][12]}
     * frame list as the {@code 12 x T} chroma matrix librosa uses.
     *
     * @param cols number of columns of {@code rows} (needed when {@code rows} is empty)
     */
    public static NpyArray transposed(float[][] rows, int cols) {
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("ragged rows");
            for (int j = 0; j < cols; j++) data[j * rows.length + i] = rows[i][j];
        }
        return new NpyArray(new int[] {cols, rows.length}, data);
    }

    /** Value at a multi-dimensional index (C order). */
    public float get(int... index) {
        if (index.length != shape.length) throw new IllegalArgumentException("index rank " + index.length);
        int flat = 0;
        for (int k = 0; k < shape.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k]) throw new IndexOutOfBoundsException(Arrays.toString(index));
            flat = flat * shape[k] + index[k];
        }
        return data[flat];
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }
}
