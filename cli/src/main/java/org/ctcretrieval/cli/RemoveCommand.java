package org.ctcretrieval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import org.ctcretrieval.indexer.IndexRemover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ctcr remove}: delete recordings from an index. */
@Command(name = "remove", header = "Remove recordings from an index.", mixinStandardHelpOptions = true,
        description = {
            "Remove recordings from an index, by the path they were indexed from (the file need not exist any more).",
            "",
            "A folder removes every recording under it. The deletion is one atomic commit."
        })
public final class RemoveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-x", "--index"}, required = true, paramLabel = "INDEX_DIR", description = "Index folder.")
    Path indexDir;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recordings (or folders of recordings) to remove.")
    List<Path> files;

    @Option(names = "--json", description = "Print the outcome as JSON on stdout (removed count, paths not in the index).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        IndexRemover.Result r = IndexRemover.remove(indexDir, files);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("index", indexDir.toAbsolutePath().normalize().toString());
            doc.put("removed", r.removed());
            doc.put("notFound", r.notFound().stream().map(Path::toString).toList());
            spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT, "removed %d recording(s) from %s%n", r.removed(), indexDir);
        }
        for (Path p : r.notFound()) spec.commandLine().getErr().println("ctcr: warning: " + p + ": not in the index");
        return r.notFound().isEmpty() ? 0 : 1;
    }
}
