package org.ctcretrieval.query.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ctcretrieval.common.InputException;

/**
 * Runs every query against a {@link RetrievalSystem} and computes the retrieval metrics.
 *
 * <p>Before searching, the relevant recordings of every query are checked against the index when the system
 * lists its recordings ({@link RetrievalSystem#indexedRecordings()}). Each ranking is cut to
 * {@link SearchSettings#topK()} entries and must not name a recording twice.
 */
public final class Evaluator {
    private final RetrievalSystem system;
    private final SearchSettings settings;
    private final Optional<TruthSpans> truth;

    /**
     * @param system   the system under evaluation
     * @param settings search settings used for every query
     */
    public Evaluator(RetrievalSystem system, SearchSettings settings) {
        this(system, settings, Optional.empty());
    }

    /**
     * @param system   the system under evaluation
     * @param settings search settings used for every query
     * @param truth    true spans of the snippets in their recordings, to score the matched time spans
     */
    public Evaluator(RetrievalSystem system, SearchSettings settings, Optional<TruthSpans> truth) {
        this.system = Objects.requireNonNull(system);
        this.settings = Objects.requireNonNull(settings);
        this.truth = Objects.requireNonNull(truth);
    }

    /** Evaluates {@code queries} in order. */
    public EvaluationReport evaluate(List<QuerySpec> queries) throws IOException {
        return evaluate(queries, q -> {});
    }

    /**
     * Evaluates {@code queries} in order, calling {@code onQueryDone} after each query (for progress display).
     *
     * @throws InputException if a relevant recording is not in the index (names the query file and line)
     * @throws IllegalStateException if the system returns a ranking naming a recording twice
     */
    public EvaluationReport evaluate(List<QuerySpec> queries, Consumer<QueryEvaluation> onQueryDone)
            throws IOException {
        if (queries.isEmpty()) throw new IllegalArgumentException("no queries to evaluate");
        checkRelevantAreIndexed(queries);
        List<QueryEvaluation> results = new ArrayList<>();
        for (QuerySpec q : queries) {
            RankedResult result = truncated(q, system.search(q, settings));
            QueryEvaluation e = QueryEvaluation.of(q, result, truth);
            results.add(e);
            onQueryDone.accept(e);
        }
        return new EvaluationReport(settings, system.indexInfo(), EvaluationSummary.of(results, truth.isPresent()), results);
    }

    private void checkRelevantAreIndexed(List<QuerySpec> queries) throws InputException {
        Set<String> indexed = system.indexedRecordings().orElse(null);
        if (indexed == null) return;
        for (QuerySpec q : queries) {
            List<String> missing = q.relevant().stream().filter(r -> !indexed.contains(r)).toList();
            if (!missing.isEmpty()) {
                String where = q.source() == null ? "query " + q.id() : "line " + q.line() + " (query " + q.id() + ")";
                String what = where + ": relevant recording" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + " not in the index (" + indexed.size() + " recordings indexed)";
                throw new InputException(q.source() == null ? q.score() : q.source(), what);
            }
        }
    }

    private RankedResult truncated(QuerySpec q, RankedResult result) {
        Set<String> seen = new HashSet<>();
        for (RankedHit h : result.hits()) {
            if (!seen.add(h.recordingId())) {
                throw new IllegalStateException("the search ranked recording " + h.recordingId() + " twice for query "
                        + q.id());
            }
        }
        if (result.hits().size() <= settings.topK()) return result;
        return new RankedResult(result.hits().subList(0, settings.topK()), result.candidates(), result.latency());
    }
}
