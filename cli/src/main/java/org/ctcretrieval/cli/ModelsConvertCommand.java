package org.ctcretrieval.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.progress.ItemProgress;
import org.ctcretrieval.models.ModelId;
import org.ctcretrieval.models.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ctcr models convert}: TensorFlow checkpoints to cached ONNX files. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Convert TensorFlow checkpoints to cached ONNX files.",
            "",
            "Replaces existing copies and prints one line per model: ID, tab, path of the ONNX file. Models are"
                    + " also converted automatically on first use."
        })
public final class ModelsConvertCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelsDirOption models;

    @Parameters(paramLabel = "ID", arity = "0..*",
            description = "Model IDs to convert (see 'ctcr models list'); default: v2_ctc_train345valid1.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Convert every model whose checkpoint is present.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = models.registry();
        List<ModelId> selected = new ArrayList<>();
        if (all) {
            if (!ids.isEmpty()) throw new ParameterException(spec.commandLine(), "give model IDs or --all, not both");
            selected.addAll(registry.available());
            if (selected.isEmpty()) {
                throw new org.ctcretrieval.common.SetupException("no checkpoints found in " + registry.checkpointDir()
                        + " (set CTC_CHROMA_MODELS or pass --models-dir)");
            }
        } else if (ids.isEmpty()) {
            selected.add(ModelId.DEFAULT);
        } else {
            for (String id : ids) selected.add(ModelId.parse(id));
        }
        for (ModelId id : selected) registry.cachedOnnxPath(id); // fails early, naming a missing checkpoint
        PrintWriter out = spec.commandLine().getOut();
        List<Path> written = new ArrayList<>();
        try (ItemProgress bar = ItemProgress.onStderr("convert", selected.size())) {
            for (ModelId id : selected) {
                written.add(registry.convert(id));
                bar.itemDone("converted " + id.id());
            }
        }
        for (int i = 0; i < selected.size(); i++) out.println(selected.get(i).id() + "\t" + written.get(i));
        return 0;
    }
}
