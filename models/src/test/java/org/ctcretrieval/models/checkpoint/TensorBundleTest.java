package org.ctcretrieval.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TensorBundleTest {
    private static final Pattern LINE =
            Pattern.compile("^(\\S+)\\s+(\\S+)\\s+(\\(.*?\\))\\s+off=(\\d+)\\s+size=(\\d+)");
    private static final String KERNEL0 = "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE";

    @TempDir Path tmp;

    private static Path prefix(String id) {
        return SharedData.require(SharedData.modelCheckpoints(), "checkpoint folder").resolve("model_" + id);
    }

    /** Every tensor listed by TensorFlow's own reader (tensors_*.txt) is found with the same dtype, shape, offset, size. */
    @ParameterizedTest
    @ValueSource(strings = {"v2_ctc_train345valid1", "v1_ctc_train1234valid5"})
    void listsTheTensorsOfTheReferenceListing(String id) throws IOException {
        Path listing = SharedData.require(SharedData.reference().resolve("tensors_" + id + ".txt"), "tensor listing");
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(listing)) {
            Matcher m = LINE.matcher(line);
            if (m.find()) expected.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " off=" + m.group(4) + " size=" + m.group(5));
        }
        assertTrue(expected.size() >= 15, "listing parsed: " + expected.size());
        TensorBundle bundle = TensorBundle.open(prefix(id));
        List<String> actual = bundle.entries().stream().map(TensorEntry::toString).toList();
        assertEquals(expected, actual);
        assertEquals(1, bundle.numShards());
    }

    /** The chroma pooling matrix is the fixed 0/1 matrix bin b -> class (b // 3) % 12 (chroma_pool.txt). */
    @Test
    void readsChromaPoolingMatrixWithValidChecksum() throws IOException {
        TensorBundle bundle = TensorBundle.open(prefix("v2_ctc_train345valid1"));
        float[] w = bundle.readFloats("layer_with_weights-6/layer/kernel/.ATTRIBUTES/VARIABLE_VALUE", 216, 12);
        for (int b = 0; b < 216; b++) {
            for (int c = 0; c < 12; c++) assertEquals(c == (b / 3) % 12 ? 1f : 0f, w[b * 12 + c], "bin " + b + " class " + c);
        }
    }

    @Test
    void rejectsCorruptedTensorData() throws IOException {
        Path copy = copyCheckpoint("v1_ctc_train1234valid5");
        Path data = copy.resolveSibling(copy.getFileName() + ".data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        bytes[100] ^= 0x01; // inside the first conv kernel (offset 0, 13824 bytes)
        Files.write(data, bytes);
        TensorBundle bundle = TensorBundle.open(copy);
        InputException e = assertThrows(InputException.class, () -> bundle.readFloats(KERNEL0, 3, 3, 6, 64));
        assertTrue(e.getMessage().startsWith(data.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch for tensor '" + KERNEL0 + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("0..13824"), e.getMessage());
        // Another tensor is untouched and still reads.
        assertEquals(64, bundle.readFloats("layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE", 64).length);
    }

    @Test
    void rejectsTruncatedTensorData() throws IOException {
        Path copy = copyCheckpoint("v1_ctc_train1234valid5");
        Path data = copy.resolveSibling(copy.getFileName() + ".data-00000-of-00001");
        Files.write(data, Arrays.copyOf(Files.readAllBytes(data), 200_000));
        TensorBundle bundle = TensorBundle.open(copy);
        String kernel4 = "layer_with_weights-4/kernel/.ATTRIBUTES/VARIABLE_VALUE";
        InputException e = assertThrows(InputException.class, () -> bundle.readFloats(kernel4, 3, 42, 32, 8));
        assertTrue(e.getMessage().startsWith(data.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated checkpoint data: tensor '" + kernel4 + "' needs bytes [161920, 290944)"),
                e.getMessage());
    }

    @Test
    void rejectsTruncatedIndex() throws IOException {
        Path copy = copyCheckpoint("v2_ctc_train345valid1");
        Path index = TensorBundle.indexFile(copy);
        byte[] bytes = Files.readAllBytes(index);
        Files.write(index, Arrays.copyOf(bytes, bytes.length - 10));
        InputException e = assertThrows(InputException.class, () -> TensorBundle.open(copy));
        assertTrue(e.getMessage().startsWith(index.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsCorruptedIndexBlock() throws IOException {
        Path copy = copyCheckpoint("v2_ctc_train345valid1");
        Path index = TensorBundle.indexFile(copy);
        byte[] bytes = Files.readAllBytes(index);
        bytes[500] ^= 0x20; // inside the only data block (offset 0, 3302 bytes)
        Files.write(index, bytes);
        InputException e = assertThrows(InputException.class, () -> TensorBundle.open(copy));
        assertTrue(e.getMessage().startsWith(index.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch in data block at offset 0"), e.getMessage());
    }

    @Test
    void rejectsMissingTensorAndWrongShape() throws IOException {
        TensorBundle bundle = TensorBundle.open(prefix("v1_ctc_train1234valid5"));
        InputException missing = assertThrows(InputException.class, () -> bundle.entry("no/such/tensor"));
        assertTrue(missing.getMessage().contains("no tensor 'no/such/tensor'"), missing.getMessage());
        InputException shape = assertThrows(InputException.class, () -> bundle.readFloats(KERNEL0, 3, 3, 64, 6));
        assertTrue(shape.getMessage().contains("has shape (3, 3, 6, 64), expected (3, 3, 64, 6)"), shape.getMessage());
    }

    @Test
    void maskMatchesTensorFlowDefinition() {
        // crc32c("123456789") = 0xe3069283 (RFC 3720 check value); masked by hand: rotr15 + 0xa282ead8.
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int c = (int) crc.getValue();
        assertEquals(0xe3069283, c);
        long rotated = ((0xe3069283L >>> 15) | (0xe3069283L << 17)) & 0xffffffffL;
        assertEquals((int) ((rotated + 0xa282ead8L) & 0xffffffffL), MaskedCrc.mask(c));
    }

    @Test
    void missingIndexNamesTheFile() {
        Path nowhere = tmp.resolve("model_absent");
        InputException e = assertThrows(InputException.class, () -> TensorBundle.open(nowhere));
        assertArrayEquals(new Object[] {TensorBundle.indexFile(nowhere)}, new Object[] {e.file()});
    }

    private Path copyCheckpoint(String id) throws IOException {
        Path src = prefix(id);
        for (String suffix : new String[] {".index", ".data-00000-of-00001"}) {
            Path target = tmp.resolve("model_" + id + suffix);
            Files.copy(src.resolveSibling(src.getFileName() + suffix), target);
            target.toFile().setWritable(true);
        }
        return tmp.resolve("model_" + id);
    }

    @Test
    void dataFileNameDoesNotDependOnTheLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            // Arabic (Egypt) formats %05d with Arabic-Indic digits
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG"));
            TensorBundle bundle = TensorBundle.open(prefix("v2_ctc_train345valid1"));
            assertEquals("model_v2_ctc_train345valid1.data-00000-of-00001", bundle.dataFile(0).getFileName().toString());
            assertTrue(java.nio.file.Files.exists(bundle.dataFile(0)));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
