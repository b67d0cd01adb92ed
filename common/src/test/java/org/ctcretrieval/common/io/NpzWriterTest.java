package org.ctcretrieval.common.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ctcretrieval.common.features.FeatureSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz layout numpy.load expects, checked byte by byte, and a write/read round trip. */
class NpzWriterTest {
    @TempDir Path dir;

    static FeatureSequence chroma(int frames) {
        float[][] f = new float[frames][12];
        for (int t = 0; t < frames; t++) for (int c = 0; c < 12; c++) f[t][c] = t * 100 + c + 0.25f;
        return new FeatureSequence("test", 25, f);
    }

    @Test
    void chromaAndTimeAxisRoundTrip() throws Exception {
        Path npz = dir.resolve("out/rec.npz"); // parent folder is created
        NpzWriter.writeFeatures(npz, chroma(7));
        Map<String, NpyArray> arrays = NpzReader.readNpz(npz);
        assertEquals(List.of("chroma", "time_ax"), new ArrayList<>(arrays.keySet()));
        NpyArray c = arrays.get("chroma");
        assertArrayEquals(new int[] {12, 7}, c.shape(), "chroma is 12 x T");
        for (int t = 0; t < 7; t++) for (int k = 0; k < 12; k++) assertEquals(t * 100 + k + 0.25f, c.get(k, t));
        NpyArray time = arrays.get("time_ax");
        assertArrayEquals(new int[] {7}, time.shape());
        for (int t = 0; t < 7; t++) assertEquals((float) (t / 25.0), time.get(t));
    }

    @Test
    void entriesAreStoredNpyVersion1WithAlignedLittleEndianFloat32() throws Exception {
        Path npz = dir.resolve("x.npz");
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("m", new NpyArray(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        m.put("v", NpyArray.vector(new float[] {0.1f}));
        NpzWriter.write(npz, m);
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            assertEquals(List.of("m.npy", "v.npy"), names);
            ZipEntry e = zip.getEntry("m.npy");
            assertEquals(ZipEntry.STORED, e.getMethod(), "stored like numpy.savez");
            byte[] b = zip.getInputStream(e).readAllBytes();
            assertEquals((byte) 0x93, b[0]);
            assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, b[6]);
            assertEquals(0, b[7]);
            int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            assertEquals(0, (10 + headerLen) % 64, "data aligned to 64 bytes");
            String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
            assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
            assertTrue(header.endsWith("\n"));
            ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[6];
            for (int i = 0; i < 6; i++) values[i] = data.getFloat();
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, values, "C order");
            assertEquals(10 + headerLen + 24, b.length);
            String vHeader = new String(zip.getInputStream(zip.getEntry("v.npy")).readAllBytes(), 10, 60,
                    StandardCharsets.US_ASCII);
            assertTrue(vHeader.contains("'shape': (1,)"), "1-D shape tuple has a trailing comma: " + vHeader);
        }
    }

    @Test
    void readsNumpyFloat64GoldenFile() throws Exception {
        // a float64, Fortran-order array as numpy writes it: np.asfortranarray([[1., 2., 3.], [4., 5., 6.]])
        String dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 48).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) b.putDouble(v); // column-major
        Path npy = Files.write(dir.resolve("f.npy"), b.array());
        NpyArray a = NpzReader.readNpy(npy);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.data());
    }

    @Test
    void emptySequenceHasZeroLengthAxes() throws Exception {
        Path npz = dir.resolve("e.npz");
        NpzWriter.write(npz, Map.of("chroma", NpyArray.transposed(new float[0][], 12)));
        assertArrayEquals(new int[] {12, 0}, NpzReader.readNpz(npz).get("chroma").shape());
    }
}
