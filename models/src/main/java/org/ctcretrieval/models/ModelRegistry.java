package org.ctcretrieval.models;

import java.util.Locale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.io.AtomicFile;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.models.checkpoint.TensorBundle;
import org.ctcretrieval.models.network.ChromaOnnxExport;
import org.ctcretrieval.models.network.ChromaWeights;

/**
 * Where the deep chroma models live: the TensorFlow checkpoints ({@code model_<ID>.index} and
 * {@code model_<ID>.data-00000-of-00001}) and the ONNX files generated from them.
 *
 * <p>Checkpoints are read from {@link SharedData#modelCheckpoints()} by default ({@code CTC_CHROMA_MODELS}, else
 * {@code <shared>/ctc_chroma/models}). ONNX files are generated on first use into {@link #defaultCacheDir()}; their
 * names carry a fingerprint of the checkpoint index and of the export format, so a changed checkpoint or exporter
 * never reuses a stale file.
 */
public final class ModelRegistry {
    /** Bumped whenever {@link ChromaOnnxExport} changes the graph it writes. */
    static final int EXPORT_FORMAT = 2;

    private final Path checkpointDir;
    private final Path cacheDir;

    /**
     * @param checkpointDir folder holding the {@code model_<ID>.*} checkpoint files
     * @param cacheDir      folder for generated ONNX files (created when needed)
     */
    public ModelRegistry(Path checkpointDir, Path cacheDir) {
        this.checkpointDir = checkpointDir.toAbsolutePath().normalize();
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
    }

    /** Checkpoints from {@link SharedData#modelCheckpoints()}, ONNX cache in {@link #defaultCacheDir()}. */
    public static ModelRegistry fromEnvironment() {
        return new ModelRegistry(SharedData.modelCheckpoints(), defaultCacheDir());
    }

    /** Checkpoints from {@code checkpointDir}, or the environment default when it is {@code null}. */
    public static ModelRegistry withCheckpoints(Path checkpointDir) {
        return checkpointDir == null ? fromEnvironment() : new ModelRegistry(checkpointDir, defaultCacheDir());
    }

    /**
     * {@code <cache root>/onnx}, where the cache root is the environment variable {@code CTCR_CACHE} or
     * {@code ~/.cache/ctc-retrieval}.
     */
    public static Path defaultCacheDir() {
        String env = System.getenv("CTCR_CACHE");
        Path root = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "ctc-retrieval");
        return root.resolve("onnx").toAbsolutePath().normalize();
    }

    public Path checkpointDir() {
        return checkpointDir;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The checkpoint prefix {@code <checkpointDir>/model_<ID>}. */
    public Path checkpointPrefix(ModelId id) {
        return checkpointDir.resolve("model_" + id.id());
    }

    /** Whether both checkpoint files of {@code id} exist. */
    public boolean isAvailable(ModelId id) {
        Path prefix = checkpointPrefix(id);
        return Files.isRegularFile(TensorBundle.indexFile(prefix))
                && Files.isRegularFile(prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001"));
    }

    /** The models whose checkpoints are present, in table order. */
    public List<ModelId> available() {
        return Arrays.stream(ModelId.values()).filter(this::isAvailable).toList();
    }

    /**
     * Opens the checkpoint of {@code id}.
     *
     * @throws InputException if it is missing (the message says where it looked and which IDs are available) or
     *                        corrupt
     */
    public TensorBundle openCheckpoint(ModelId id) throws IOException {
        Path index = TensorBundle.indexFile(checkpointPrefix(id));
        if (!Files.isRegularFile(index)) {
            List<ModelId> present = available();
            throw new InputException(index, "checkpoint of model " + id + " not found (looked in " + checkpointDir
                    + "; set CTC_CHROMA_MODELS or pass --models-dir). Available there: "
                    + (present.isEmpty() ? "none" : present.stream().map(ModelId::id).collect(Collectors.joining(", ")))
                    + ". Valid IDs: " + ModelId.allIds());
        }
        return TensorBundle.open(checkpointPrefix(id));
    }

    /**
     * The ONNX file of {@code id}, converted from its checkpoint first if the cache has no current copy.
     *
     * @throws InputException if the checkpoint is missing or corrupt
     */
    public Path onnxFile(ModelId id) throws IOException {
        Path file = cachedOnnxPath(id);
        if (Files.isRegularFile(file)) return file;
        return writeOnnx(id, file);
    }

    /** Converts {@code id} again, replacing any cached copy; returns the ONNX file. */
    public Path convert(ModelId id) throws IOException {
        return writeOnnx(id, cachedOnnxPath(id));
    }

    /**
     * The cache path of the ONNX file for the current checkpoint: {@code <cacheDir>/<ID>-<fingerprint>.onnx}.
     *
     * @throws InputException if the checkpoint index is missing
     */
    public Path cachedOnnxPath(ModelId id) throws IOException {
        Path index = TensorBundle.indexFile(checkpointPrefix(id));
        if (!Files.isRegularFile(index)) openCheckpoint(id); // throws the descriptive error
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(index));
        crc.update(("export-format-" + EXPORT_FORMAT + "-phases-" + ChromaOnnxExport.DEFAULT_PITCH_PHASES)
                .getBytes(StandardCharsets.US_ASCII));
        return cacheDir.resolve(String.format(Locale.ROOT, "%s-%08x.onnx", id.id(), crc.getValue()));
    }

    private Path writeOnnx(ModelId id, Path target) throws IOException {
        ChromaWeights weights = ChromaWeights.read(openCheckpoint(id));
        byte[] onnx = ChromaOnnxExport.toOnnx(id.id(), weights, checkpointPrefix(id).getFileName().toString());
        // written beside the target and moved into place, so concurrent readers never see a partial file
        AtomicFile.write(target, out -> out.write(onnx));
        return target;
    }
}
