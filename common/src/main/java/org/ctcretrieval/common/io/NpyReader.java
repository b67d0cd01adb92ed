package org.ctcretrieval.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctcretrieval.common.InputException;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) holding little-endian {@code float32}
 * ({@code '<f4'}) or {@code float64} ({@code '<f8'}) arrays in C or Fortran order, as written by {@code numpy.save};
 * values are returned in C order.
 *
 * <p>Reference: the NumPy "NPY format" specification ({@code numpy.lib.format}): magic {@code \x93NUMPY}, two
 * version bytes, header length (2 bytes little-endian in v1, 4 bytes in v2/v3), then a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    /**
     * An n-dimensional array read from a {@code .npy} file at full precision: values are held as {@code double}
     * whatever the stored type (float32 values convert exactly), so float64 golden vectors keep every digit.
     *
     * @param shape     the dimensions, outermost first ({@code []} for a scalar)
     * @param values    all values in C (row-major) order
     * @param storedType {@code "<f4"} or {@code "<f8"}
     */
    public record DoubleArray(int[] shape, double[] values, String storedType) {
        /** Number of dimensions. */
        public int rank() {
            return shape.length;
        }

        /** The array as {@code [d0][d1]}; fails unless the rank is 2. */
        public double[][] toDouble2d() {
            requireRank(2);
            double[][] out = new double[shape[0]][shape[1]];
            for (int i = 0; i < shape[0]; i++) System.arraycopy(values, i * shape[1], out[i], 0, shape[1]);
            return out;
        }

        /** The array as {@code [d0][d1]} in float precision; fails unless the rank is 2. */
        public float[][] toFloat2d() {
            requireRank(2);
            float[][] out = new float[shape[0]][shape[1]];
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) out[i][j] = (float) values[i * shape[1] + j];
            }
            return out;
        }

        /** The array as {@code [d0][d1][d2]} in float precision; fails unless the rank is 3. */
        public float[][][] toFloat3d() {
            requireRank(3);
            float[][][] out = new float[shape[0]][shape[1]][shape[2]];
            int k = 0;
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) {
                    for (int l = 0; l < shape[2]; l++) out[i][j][l] = (float) values[k++];
                }
            }
            return out;
        }

        /** The array in float precision, as written by {@link NpzWriter}. */
        public NpyArray toNpyArray() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return new NpyArray(shape, f);
        }

        private void requireRank(int rank) {
            if (shape.length != rank) {
                throw new IllegalStateException("array has shape " + Arrays.toString(shape) + ", not rank " + rank);
            }
        }
    }

    /**
     * Reads a whole {@code .npy} file.
     *
     * @throws InputException if the file is not a {@code .npy} file, uses an unsupported dtype or Fortran order,
     *                        or is shorter than its header announces
     */
    public static DoubleArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file, "file not found");
        return parse(file, Files.readAllBytes(file));
    }

    /**
     * Parses the bytes of a {@code .npy} file.
     *
     * @param source named in error messages (e.g. the {@code .npz} archive the bytes come from)
     * @throws InputException as {@link #read(Path)}
     */
    public static DoubleArray parse(Path source, byte[] bytes) throws InputException {
        Path file = source;
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new InputException(file, "not a .npy file (magic \\x93NUMPY missing)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new InputException(file, "truncated .npy header");
            headerLength = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new InputException(file, "unsupported .npy format version " + major);
        }
        if (headerLength < 0 || headerStart + headerLength > bytes.length) {
            throw new InputException(file, "truncated .npy header (needs " + headerLength + " bytes)");
        }
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(file, DESCR, header, "descr");
        boolean fortran = group(file, FORTRAN, header, "fortran_order").equals("True");
        int[] shape = parseShape(file, group(file, SHAPE, header, "shape"));
        int itemSize;
        if (descr.equals("<f4")) itemSize = 4;
        else if (descr.equals("<f8")) itemSize = 8;
        else throw new InputException(file, "unsupported dtype '" + descr + "' (expected '<f4' or '<f8')");

        long count = 1;
        for (int d : shape) count *= d;
        int dataStart = headerStart + headerLength;
        long needed = count * itemSize;
        if (bytes.length - dataStart < needed) {
            throw new InputException(file, "truncated data: shape " + Arrays.toString(shape) + " needs " + needed
                    + " bytes after offset " + dataStart + ", file has " + (bytes.length - dataStart));
        }
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            int at = dataStart + i * itemSize;
            values[i] = itemSize == 4 ? buf.getFloat(at) : buf.getDouble(at);
        }
        return new DoubleArray(shape, fortran ? fortranToC(values, shape) : values, descr);
    }

    /** Reorders values stored column-major (first index fastest) into row-major order. */
    private static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int[] idx = new int[shape.length];
        for (int i = 0; i < f.length; i++) {
            int off = 0;
            for (int k = shape.length - 1; k >= 0; k--) off = off * shape[k] + idx[k];
            c[i] = f[off];
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
        return c;
    }

    private static String group(Path file, Pattern pattern, String header, String key) throws InputException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) throw new InputException(file, "'" + key + "' missing from .npy header: " + header.trim());
        return m.group(1);
    }

    private static int[] parseShape(Path file, String text) throws InputException {
        String[] parts = text.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            String s = p.trim();
            if (s.isEmpty()) continue;
            try {
                shape[n++] = Integer.parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                throw new InputException(file, "bad shape in .npy header: (" + text + ")");
            }
        }
        return Arrays.copyOf(shape, n);
    }
}
