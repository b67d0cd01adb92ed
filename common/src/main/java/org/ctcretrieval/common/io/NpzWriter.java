package org.ctcretrieval.common.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Writes numpy {@code .npz} archives as {@code numpy.savez} does: a zip file (entries stored uncompressed) with one
 * {@code <name>.npy} entry per array (see {@link NpyFormat}), readable with {@code numpy.load(path)[name]}. The file
 * is written atomically ({@link AtomicFile}).
 */
public final class NpzWriter {
    private NpzWriter() {}

    /**
     * Writes {@code arrays} (name to array, in iteration order) to {@code file}.
     *
     * @param file   target path, conventionally ending in {@code .npz}; replaced if it exists
     * @param arrays array names (valid zip entry names without the {@code .npy} suffix) and float32 arrays
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        for (String name : arrays.keySet()) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("invalid array name '" + name + "'");
            }
        }
        AtomicFile.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                byte[] npy = NpyFormat.encode(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * Writes a chroma-like feature sequence as the original {@code ctc_chroma} tools store it: {@code chroma} with
     * shape {@code (D, T)} (feature dimension first, as librosa) and {@code time_ax} with shape {@code (T,)} in
     * seconds, both float32.
     */
    public static void writeFeatures(Path file, FeatureSequence features) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("chroma", NpyArray.transposed(features.frames(), features.dimension()));
        arrays.put("time_ax", NpyArray.vector(features.timeAxis()));
        write(file, arrays);
    }
}
