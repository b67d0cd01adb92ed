package org.ctcretrieval.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encoding and decoding of numpy's {@code .npy} format version 1.0: the magic string {@code \x93NUMPY}, version
 * bytes 1 0, a little-endian uint16 header length, and an ASCII Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (12, 345), }} padded with spaces and a newline so that
 * the data starts at a multiple of 64 bytes, followed by the raw values
 * (numpy/lib/format.py, "NPY format version 1.0").
 */
public final class NpyFormat {
    private NpyFormat() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The complete {@code .npy} bytes of {@code array} as little-endian float32 in C order. */
    public static byte[] encode(NpyArray array) {
        int[] shape = array.shape();
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) dims.append(", ");
            dims.append(shape[i]);
        }
        if (shape.length == 1) dims.append(',');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        float[] data = array.data();
        ByteBuffer buf = ByteBuffer.allocate(padded + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        buf.asFloatBuffer().put(data);
        return buf.array();
    }

    /**
     * Decodes {@code .npy} bytes (versions 1.0 to 3.0) holding float32 or float64 values of either byte order, in
     * C or Fortran order, into a float32 C-order array (float64 values are rounded to float32).
     *
     * @throws IOException if the bytes are not a supported {@code .npy} file; the message says why
     */
    public static NpyArray decode(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10) throw new IOException("not a .npy file (too short)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) throw new IOException("not a .npy file (bad magic string)");
        }
        int major = bytes[6] & 0xFF;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = buf.getInt(8);
            start = 12;
        } else {
            throw new IOException("unsupported .npy version " + major);
        }
        if (start + headerLen > bytes.length) throw new IOException(".npy header is truncated");
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException("malformed .npy header: " + header.strip());
        String descr = d.group(1);
        boolean fortran = f.group(1).equals("True");
        String[] parts = s.group(1).split(",");
        int count = 0;
        for (String p : parts) if (!p.isBlank()) count++;
        int[] shape = new int[count];
        long n = 1;
        int k = 0;
        for (String p : parts) {
            if (p.isBlank()) continue;
            shape[k] = Integer.parseInt(p.strip());
            n *= shape[k++];
        }
        ByteOrder order;
        switch (descr.charAt(0)) {
            case '<': order = ByteOrder.LITTLE_ENDIAN; break;
            case '>': order = ByteOrder.BIG_ENDIAN; break;
            case '|': case '=': order = ByteOrder.LITTLE_ENDIAN; break;
            default: throw new IOException("unsupported dtype " + descr);
        }
        String type = descr.substring(1);
        int width = switch (type) {
            case "f4" -> 4;
            case "f8" -> 8;
            default -> throw new IOException("unsupported dtype " + descr + " (float32 or float64 expected)");
        };
        int dataStart = start + headerLen;
        if ((long) dataStart + n * width > bytes.length) throw new IOException(".npy data is truncated");
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) (n * width)).slice().order(order);
        float[] values = new float[(int) n];
        for (int i = 0; i < n; i++) values[i] = width == 4 ? data.getFloat(4 * i) : (float) data.getDouble(8 * i);
        if (fortran && shape.length > 1) values = fortranToC(values, shape);
        return new NpyArray(shape, values);
    }

    private static float[] fortranToC(float[] f, int[] shape) {
        float[] c = new float[f.length];
        int[] idx = new int[shape.length];
        for (int i = 0; i < f.length; i++) {
            // i walks C order; compute the Fortran-order offset of the same index
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
}
