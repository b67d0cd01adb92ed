package org.ctcretrieval.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ctcretrieval.common.InputException;

/** Reads {@code .npy} files and {@code .npz} archives of float32/float64 arrays (see {@link NpyFormat}). */
public final class NpzReader {
    private NpzReader() {}

    /**
     * Reads every {@code <name>.npy} entry of an {@code .npz} archive (stored or deflated).
     *
     * @return arrays by name (without {@code .npy}), in archive order
     * @throws InputException if the file is missing or not a readable archive of float arrays
     */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file, "file not found");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.endsWith(".npy")) continue;
                arrays.put(name.substring(0, name.length() - 4), NpyReader.parse(file, zip.readAllBytes()).toNpyArray());
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException e) {
            throw new InputException(file, "not a readable .npz archive (" + e.getMessage() + ")", e);
        }
        if (arrays.isEmpty()) throw new InputException(file, "not an .npz archive (no .npy entries)");
        return arrays;
    }

    /** Reads one {@code .npy} file in float precision (see {@link NpyReader} for full precision). */
    public static NpyArray readNpy(Path file) throws IOException {
        return NpyReader.read(file).toNpyArray();
    }
}
