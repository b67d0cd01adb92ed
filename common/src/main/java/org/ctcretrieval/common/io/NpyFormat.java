package org.ctcretrieval.common.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encoding of numpy's {@code .npy} format version 1.0 (reading: {@link NpyReader}): the magic string {@code \x93NUMPY}, version
 * bytes 1 0, a little-endian uint16 header length, and an ASCII Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (12, 345), }} padded with spaces and a newline so that
 * the data starts at a multiple of 64 bytes, followed by the raw values
 * (numpy/lib/format.py, "NPY format version 1.0").
 */
public final class NpyFormat {
    private NpyFormat() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

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
}
