package org.ctcretrieval.cli;

import org.ctcretrieval.common.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.OptionBounds;
import org.ctcretrieval.common.progress.ItemProgress;
import org.ctcretrieval.query.eval.EvaluationReport;
import org.ctcretrieval.query.eval.Evaluator;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RelativeIdSystem;
import org.ctcretrieval.query.eval.RetrievalSystem;
import org.ctcretrieval.query.eval.RetrievalSystemFactory;
import org.ctcretrieval.query.eval.SearchSettings;
import org.ctcretrieval.query.eval.TruthSpans;
import org.ctcretrieval.solr.client.SolrSearchSystem;
import org.ctcretrieval.solr.client.SolrThemeSearcher;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.TempoRange;
import org.ctcretrieval.query.score.QueryModel;
import org.ctcretrieval.query.search.FusionRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ctcr evaluate}: runs every query of a query file against an index and prints retrieval metrics. The
 * search itself comes from the {@link RetrievalSystemFactory} given at construction.
 */
@Command(name = "evaluate", header = "Evaluate retrieval (mAP, MRR, P@k, candidate recall, latency) on a query file.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Evaluate retrieval on an index: run every query of a query file",
            "(QUERIES.tsv with columns query_id, score_path, part, staff, measures,",
            "relevant and optionally transpose and bpm; see docs/evaluation.md) and print mAP, MRR, P@1, P@10, the",
            "recall of the candidate stage, the ranks of the relevant recordings per",
            "query, and latency p50/p95. AP and P@k are computed on the top K",
            "returned recordings. With true time spans (a bench-build manifest), the",
            "top hit's matched span is scored too (IoU, localized P@1); a recording",
            "that plays the snippet several times may list several true spans, and",
            "a match of any of them counts.",
            ""
        })
public final class EvaluateCommand implements Callable<Integer> {
    /** Opens the search with a query model (empty = each feature's default) and a fusion rule. */
    @FunctionalInterface
    public interface ModelledSystems {
        RetrievalSystem open(Path indexDir, Optional<QueryModel> queryModel, FusionRule fusion) throws IOException;
    }

    private final ModelledSystems systems;
    /** Whether the system honours --query-model and --fusion. */
    private final boolean modelled;

    @Spec CommandSpec spec;

    @Option(names = {"-x", "--index"}, paramLabel = "INDEX_DIR", description = "Index folder to search.")
    Path index;

    @Mixin SolrOptions solr;

    @Option(names = {"-q", "--queries"}, required = true, paramLabel = "QUERIES.tsv",
            description = "Query file; score paths are relative to its folder.")
    Path queries;

    @Option(names = "--exhaustive", description = "Skip the candidate stage and score every indexed recording"
            + " (candidate recall is then n/a).")
    boolean exhaustive;

    @Option(names = "--transpose", description = "Search all 12 transpositions of every query (a transposed match"
            + " ranks behind an untransposed one of equal cost; 12x the work).")
    boolean transpose;

    @Option(names = "--semitone-neighbours", negatable = true,
            description = "Also search every query one semitone up and down (historical pitch; default: on).")
    Boolean neighbours; // null: SearchOptions.DEFAULT_NEIGHBOURS

    @Option(names = "--tempo-range", paramLabel = "A-B",
            description = "Performance tempos matched, relative to each score's: A-B, or one number (1 = only the DTW"
                    + " steps' own 0.5x-2x). Default: 0.5-2 for a score with a tempo mark, 0.25-4 without.")
    String tempoRange;

    @Option(names = "--top", paramLabel = "K", defaultValue = "" + SearchSettings.DEFAULT_TOP_K,
            description = "Recordings ranked per query (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "0",
            description = "Candidates kept by the index before re-scoring (default: 0 = the search's own default).")
    int candidates;

    @Option(names = "--audio-root", paramLabel = "DIR",
            description = "Folder the recordings were indexed from: recordings the search names by absolute path"
                    + " inside it are compared by their path relative to it, without extension (default: the"
                    + " folder 'audio' next to the query file, if it exists).")
    Path audioRoot;

    @Option(names = "--spans", paramLabel = "MANIFEST.json",
            description = "Benchmark manifest with the true time span(s) of every query in its relevant recordings;"
                    + " the top hit's matched span is then scored (IoU). Default: manifest.json next to the query"
                    + " file, if it exists.")
    Path spans;

    @Option(names = "--index-seconds", paramLabel = "S",
            description = "Time it took to build the index, reported with the index facts (for bench-table).")
    Double indexSeconds;

    @Option(names = "--query-model", paramLabel = "MODEL",
            description = "Score chroma of every feature: whole (all notes), top-staff (the uppermost staff), skyline"
                    + " (the highest note at every instant), top-skyline (skyline of the top staff) or onset (notes"
                    + " fading from their onsets). Default: per feature, the one the benchmark found best"
                    + " (see docs/evaluation.md). A query's part or staff column overrides the choice of notes.")
    String queryModel;

    @Option(names = "--fusion", paramLabel = "RULE",
            description = "How a fused index (several --features) combines the features' DTW costs: zsum (sum of"
                    + " per-query z-scores), zsum:W1,W2,... (weighted, one weight per feature) or rrf (reciprocal"
                    + " rank fusion). Default: wzsum (z-scores weighted by feature family: deep chroma 1, classic 0.5).")
    String fusion;

    @Option(names = "--json", description = "Print the report as JSON (for scripts and `ctcr bench-table`).")
    boolean json;

    /** @param systems opens the search on the {@code -x} folder (no --query-model or --fusion) */
    public EvaluateCommand(RetrievalSystemFactory systems) {
        Objects.requireNonNull(systems);
        this.systems = (dir, model, rule) -> systems.open(dir);
        this.modelled = false;
    }

    /** @param systems opens the search on the {@code -x} folder with a query model and fusion rule */
    public EvaluateCommand(ModelledSystems systems) {
        this.systems = Objects.requireNonNull(systems);
        this.modelled = true;
    }

    @Override
    public Integer call() throws Exception {
        OptionBounds.require("--top", top, 1, 100_000);
        OptionBounds.require("--candidates", candidates, 0, 10_000_000);
        solr.requireOneTarget(index, spec);
        if (!solr.given() && !Files.isDirectory(index)) throw new InputException(index, "index folder not found");
        TempoRange tempo;
        try {
            tempo = tempoRange == null ? null : TempoRange.parse(tempoRange);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tempo-range: " + e.getMessage());
        }
        SearchSettings settings = new SearchSettings(top, candidates, exhaustive, transpose,
                tempo == null ? Double.NaN : tempo.slowest(), tempo == null ? Double.NaN : tempo.fastest(),
                neighbours == null ? SearchOptions.DEFAULT_NEIGHBOURS : neighbours);
        if (!modelled && (queryModel != null || fusion != null)) {
            throw new org.ctcretrieval.common.UsageException("this system takes no --query-model or --fusion");
        }
        Optional<QueryModel> model = queryModel == null ? Optional.empty() : Optional.of(QueryModel.parse(queryModel));
        FusionRule rule = fusion == null ? FusionRule.DEFAULT : FusionRule.parse(fusion);
        List<QuerySpec> qs = QueryFile.read(queries);
        Path root = audioRoot;
        if (root == null) {
            Path beside = queries.toAbsolutePath().getParent().resolve("audio");
            if (Files.isDirectory(beside)) root = beside;
        } else if (!Files.isDirectory(root)) {
            throw new InputException(root, "audio folder not found");
        }
        Path manifest = spans;
        if (manifest == null) {
            Path beside = queries.toAbsolutePath().getParent().resolve("manifest.json");
            if (Files.isRegularFile(beside)) manifest = beside;
        }
        Optional<TruthSpans> truth = manifest == null ? Optional.empty() : Optional.of(TruthSpans.readManifest(manifest));
        EvaluationReport report;
        try (RetrievalSystem opened = solr.given() ? new SolrSearchSystem(SolrThemeSearcher.open(solr.open(spec)))
                : systems.open(index, model, rule);
                RetrievalSystem system = root == null ? opened : new RelativeIdSystem(opened, root);
                ItemProgress bar = ItemProgress.on(System.err, "evaluate", qs.size(), " queries")) {
            report = new Evaluator(system, settings, truth).evaluate(qs, e -> bar.step());
        }
        if (indexSeconds != null) report = report.withIndexBuildSeconds(indexSeconds);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toJsonText() + "\n" : report.toText());
        out.flush();
        return 0;
    }
}
