package org.ctcretrieval.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ctcretrieval.query.eval.BenchmarkConditions;
import org.ctcretrieval.query.eval.BenchmarkTable;
import org.ctcretrieval.query.eval.ConditionBreakdown;
import org.ctcretrieval.query.eval.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ctcr bench-table}: turns JSON reports of {@code ctcr evaluate --json} into one markdown table. */
@Command(name = "bench-table", header = "Format evaluation reports as the markdown benchmark table.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Format evaluation reports (written by `ctcr evaluate --json`) as a",
            "markdown table: one row per feature; mAP, MRR, P@1 and median latency",
            "for indexed and exhaustive search, the candidate recall of the indexed",
            "search, index build time and size. Give at most one indexed and one",
            "exhaustive report per feature.",
            "",
            "With --conditions MANIFEST.json (the manifest of a `bench-build",
            "--realistic` collection), one more table per condition follows: reverb,",
            "codec, tuning, tempo ratio, whole texture or right hand, ... with the",
            "mAP of each feature restricted to the relevant recordings made under",
            "each value of the condition, and the share of those recordings found in",
            "the top 10 (out of min(10, their number), so conditions compare fairly).",
            ""
        })
public final class BenchTableCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "REPORT.json", description = "Evaluation reports, in row order.")
    List<Path> reports;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the table to FILE (default: print it).")
    Path out;

    @Option(names = "--conditions", paramLabel = "MANIFEST.json",
            description = "Add a per-condition breakdown of mAP from this benchmark manifest.")
    Path conditions;

    @Override
    public Integer call() throws Exception {
        List<EvaluationReport> runs = new ArrayList<>();
        for (Path r : reports) runs.add(EvaluationReport.readJson(r));
        String table = BenchmarkTable.markdown(runs);
        if (conditions != null) {
            table += "\n" + ConditionBreakdown.markdown(runs, BenchmarkConditions.readManifest(conditions));
        }
        if (out != null) {
            Files.writeString(out, table);
        } else {
            PrintWriter w = spec.commandLine().getOut();
            w.print(table);
            w.flush();
        }
        return 0;
    }
}
