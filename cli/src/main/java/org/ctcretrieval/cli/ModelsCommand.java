package org.ctcretrieval.cli;

import picocli.CommandLine.Command;

/** {@code ctcr models}: list, convert and benchmark the deep chroma models. */
@Command(header = "List, convert and benchmark the 25 deep chroma models.",
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Deep chroma models of ctc_chroma (Zalkow & Mueller): list the 25 model IDs, convert their"
                    + " TensorFlow checkpoints to ONNX, measure inference speed.",
            "",
            "Checkpoints are read from CTC_CHROMA_MODELS (default <shared>/ctc_chroma/models) or --models-dir;"
                    + " ONNX files are cached in $CTCR_CACHE/onnx (default ~/.cache/ctc-retrieval/onnx) and"
                    + " created on first use."
        },
        subcommands = {ModelsListCommand.class, ModelsConvertCommand.class, ModelsBenchmarkCommand.class})
public final class ModelsCommand {}
