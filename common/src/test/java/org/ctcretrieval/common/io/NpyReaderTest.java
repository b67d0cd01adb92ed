package org.ctcretrieval.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
    @TempDir Path tmp;

    /** Values checked against numpy.load of the same file. */
    @Test
    void readsReferenceFloat32Input() throws Exception {
        Path file = SharedData.require(SharedData.reference().resolve("input_rng0_50x216x6.npy"), "golden input");
        NpyReader.DoubleArray a = NpyReader.read(file);
        assertArrayEquals(new int[] {50, 216, 6}, a.shape());
        assertEquals("<f4", a.storedType());
        float[][][] x = a.toFloat3d();
        assertEquals(0.07142909f, x[0][0][0]);
        assertEquals(0.046782583f, x[49][215][5]);
        assertEquals(0.03846644f, x[3][100][2]);
    }

    @Test
    void readsReferenceFloat64Output() throws Exception {
        Path file = SharedData.require(SharedData.reference().resolve("output_v2_ctc_train345valid1.npy"), "golden");
        double[][] y = NpyReader.read(file).toDouble2d();
        assertEquals(50, y.length);
        assertEquals(13, y[0].length);
        assertEquals(4.457633949946443e-06, y[0][0]);
        assertEquals(0.9957586249888247, y[49][12]);
    }

    @Test
    void readsVersion2Header() throws Exception {
        Path file = tmp.resolve("v2.npy");
        Files.write(file, npy(2, "<f8", "(2, 3)", new double[] {1, 2, 3, 4, 5, 6}));
        NpyReader.DoubleArray a = NpyReader.read(file);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {4, 5, 6}, a.toDouble2d()[1]);
    }

    @Test
    void rejectsTruncatedData() throws Exception {
        Path file = tmp.resolve("short.npy");
        byte[] full = npy(1, "<f4", "(4,)", new double[] {1, 2, 3, 4});
        Files.write(file, java.util.Arrays.copyOf(full, full.length - 3));
        InputException e = assertThrows(InputException.class, () -> NpyReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsUnsupportedDtypeAndFortranOrder() throws Exception {
        Path ints = tmp.resolve("ints.npy");
        Files.write(ints, npy(1, "<i4", "(1,)", new double[] {0}));
        assertTrue(assertThrows(InputException.class, () -> NpyReader.read(ints)).getMessage().contains("<i4"));
        Path notNpy = tmp.resolve("text.npy");
        Files.writeString(notNpy, "hello world");
        assertTrue(assertThrows(InputException.class, () -> NpyReader.read(notNpy)).getMessage().contains("magic"));
    }

    /** Builds a .npy file by the format specification (values written as 8-byte doubles or 4-byte items). */
    private static byte[] npy(int version, String descr, String shape, double[] values) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        ByteBuffer len = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) len.putShort((short) header.length());
        else len.putInt(header.length());
        out.writeBytes(len.array());
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        boolean f8 = descr.equals("<f8");
        ByteBuffer data = ByteBuffer.allocate(values.length * (f8 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (f8) data.putDouble(v);
            else data.putFloat((float) v);
        }
        out.writeBytes(data.array());
        return out.toByteArray();
    }
}
