package org.ctcretrieval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ctcretrieval.models.ModelId;
import org.ctcretrieval.models.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr models list}: the 25 model IDs, whether their checkpoints are present, which are recommended. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the 25 model IDs with availability and recommendation.",
            "",
            "Columns: checkpoint available (yes/no), recommended for new recordings (and which is the default),"
                    + " paper (v1 = ISMIR 2020 [1], v2 = follow-up [2]) and training procedure."
        })
public final class ModelsListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelsDirOption models;

    @Option(names = "--json", description = "Print a JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = models.registry();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ModelId id : ModelId.values()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id.id());
                row.put("available", registry.isAvailable(id));
                row.put("recommended", id.recommended());
                row.put("default", id == ModelId.DEFAULT);
                row.put("dataVersion", id.dataVersion());
                row.put("paper", id.paper());
                row.put("training", id.trainingDescription());
                row.put("trainFolds", id.trainFolds());
                row.put("validationFold", id.validationFold());
                rows.add(row);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("checkpointDir", registry.checkpointDir().toString());
            doc.put("cacheDir", registry.cacheDir().toString());
            doc.put("recommendation", ModelId.RECOMMENDATION);
            doc.put("models", rows);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            out.printf(Locale.ROOT, "%-26s %-9s %-11s %-5s %s%n", "ID", "AVAILABLE", "RECOMMENDED", "PAPER", "TRAINING");
            for (ModelId id : ModelId.values()) {
                String rec = id == ModelId.DEFAULT ? "yes (default)" : id.recommended() ? "yes" : "no";
                out.printf(Locale.ROOT, "%-26s %-9s %-11s %-5s %s%n", id.id(), registry.isAvailable(id) ? "yes" : "no", rec,
                        id.dataVersion().equals("v1") ? "[1]" : "[2]", id.trainingDescription());
            }
            out.println();
            out.println("[1] Zalkow & Mueller: Using weakly aligned score-audio pairs to train deep chroma models for");
            out.println("    cross-modal music retrieval. ISMIR 2020.");
            out.println("[2] Zalkow & Mueller: CTC-based learning of chroma features for score-audio music retrieval");
            out.println("    (follow-up, IEEE/ACM TASLP 2021).");
            out.println("Recommended: " + ModelId.RECOMMENDATION);
            out.println("Checkpoints: " + registry.checkpointDir() + " (" + registry.available().size() + " of 25 present)");
            out.println("ONNX cache:  " + registry.cacheDir());
        }
        return 0;
    }
}
