package org.ctcretrieval.cli;

import java.nio.file.Path;
import org.ctcretrieval.models.ModelRegistry;
import picocli.CommandLine.Option;

/** The {@code --models-dir} and {@code --cache-dir} options shared by the model commands. */
public final class ModelsDirOption {
    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder with the model_<ID>.index / .data-00000-of-00001 checkpoints"
                    + " (default: CTC_CHROMA_MODELS, else <shared>/ctc_chroma/models).")
    Path modelsDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Folder for the generated ONNX files (default: $CTCR_CACHE/onnx, else"
                    + " ~/.cache/ctc-retrieval/onnx).")
    Path cacheDir;

    /** The registry for the chosen (or default) checkpoint folder and ONNX cache. */
    public ModelRegistry registry() {
        ModelRegistry defaults = ModelRegistry.withCheckpoints(modelsDir);
        return cacheDir == null ? defaults : new ModelRegistry(defaults.checkpointDir(), cacheDir);
    }
}
