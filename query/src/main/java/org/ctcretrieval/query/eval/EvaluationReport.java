package org.ctcretrieval.query.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ctcretrieval.common.InputException;

/**
 * The outcome of an evaluation run: settings, index facts, summary and per-query metrics, printable as text or
 * JSON.
 *
 * <p>JSON layout (numbers that are undefined, such as candidate recall of an exhaustive run, are {@code null}):
 * <pre>
 * {"settings": {"mode": "indexed", "top_k": 100, "candidates": 0, "transpose": false, "tempo_slowest": null, "tempo_fastest": null, "semitone_neighbours": true},
 *  "index": {"feature": "cqt", "recordings": 40, "size_bytes": 123456, "build_seconds": 12.5} | null,
 *  "summary": {"queries": 24, "map": 0.81, "mrr": 0.9, "p_at_1": 0.85, "p_at_10": 0.3,
 *              "candidate_recall": 0.97, "latency_p50_s": 0.12, "latency_p95_s": 0.4,
 *              "top_span_iou": 0.8, "localized_p_at_1": 0.75},
 *  "queries": [{"query_id": "q1", "ap": 0.83, "rr": 1.0, "p_at_1": 1.0, "p_at_10": 0.2,
 *               "candidate_recall": 1.0, "latency_s": 0.1, "top_span_iou": 0.9,
 *               "ranks": {"Piece/Performer": 1, ...},
 *               "top": {"recording": "Piece/Performer", "cost": 0.2, "start_s": 3.1, "end_s": 9.8} | null}]}
 * </pre>
 *
 * @param settings the search settings of the run
 * @param index    facts about the searched index, if the system gave them
 * @param summary  means over the queries
 * @param queries  per-query metrics, in query order
 */
public record EvaluationReport(SearchSettings settings, Optional<IndexInfo> index, EvaluationSummary summary,
        List<QueryEvaluation> queries) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EvaluationReport {
        queries = List.copyOf(queries);
    }

    /**
     * The same report with the index build time set (measured outside the search, e.g. around {@code ctcr index}).
     *
     * @throws IllegalStateException if the report has no index facts to attach it to
     */
    public EvaluationReport withIndexBuildSeconds(double seconds) {
        IndexInfo i = index.orElseThrow(() -> new IllegalStateException(
                "the search gave no index facts (feature, size); cannot attach an index build time"));
        return new EvaluationReport(settings, Optional.of(new IndexInfo(i.featureId(), i.recordings(), i.sizeBytes(),
                OptionalDouble.of(seconds))), summary, queries);
    }

    /** The report as a JSON tree (layout in the class comment). */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putObject("settings");
        s.put("mode", settings.mode());
        s.put("top_k", settings.topK());
        s.put("candidates", settings.candidates());
        s.put("transpose", settings.transpose());
        number(s, "tempo_slowest", settings.slowestTempo());
        number(s, "tempo_fastest", settings.fastestTempo());
        s.put("semitone_neighbours", settings.neighbours());
        if (index.isPresent()) {
            IndexInfo i = index.get();
            ObjectNode n = root.putObject("index");
            n.put("feature", i.featureId());
            n.put("recordings", i.recordings());
            n.put("size_bytes", i.sizeBytes());
            number(n, "build_seconds", i.buildSeconds().orElse(Double.NaN));
        } else {
            root.putNull("index");
        }
        ObjectNode m = root.putObject("summary");
        m.put("queries", summary.queries());
        number(m, "map", summary.meanAveragePrecision());
        number(m, "mrr", summary.meanReciprocalRank());
        number(m, "p_at_1", summary.precisionAt1());
        number(m, "p_at_10", summary.precisionAt10());
        number(m, "candidate_recall", summary.candidateRecall());
        number(m, "latency_p50_s", summary.latencyP50Seconds());
        number(m, "latency_p95_s", summary.latencyP95Seconds());
        number(m, "top_span_iou", summary.topSpanIou());
        number(m, "localized_p_at_1", summary.localizedAt1());
        ArrayNode qs = root.putArray("queries");
        for (QueryEvaluation q : queries) {
            ObjectNode n = qs.addObject();
            n.put("query_id", q.queryId());
            number(n, "ap", q.averagePrecision());
            number(n, "rr", q.reciprocalRank());
            number(n, "p_at_1", q.precisionAt1());
            number(n, "p_at_10", q.precisionAt10());
            number(n, "candidate_recall", q.candidateRecall());
            number(n, "latency_s", q.latencySeconds());
            number(n, "top_span_iou", q.topSpanIou());
            ObjectNode ranks = n.putObject("ranks");
            q.ranks().forEach((id, rank) -> {
                if (rank > 0) ranks.put(id, rank);
                else ranks.putNull(id);
            });
            if (q.top().isPresent()) {
                RankedHit h = q.top().get();
                ObjectNode t = n.putObject("top");
                t.put("recording", h.recordingId());
                number(t, "cost", h.cost());
                number(t, "start_s", h.startSeconds());
                number(t, "end_s", h.endSeconds());
            } else {
                n.putNull("top");
            }
        }
        return root;
    }

    /** Pretty-printed JSON text of {@link #toJson()}. */
    public String toJsonText() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a report written by {@link #toJsonText()} (as printed by {@code ctcr evaluate --json}).
     *
     * @throws InputException if the file is not such a report
     */
    public static EvaluationReport readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file, "evaluation report not found");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InputException(file, "not a JSON evaluation report: " + e.getMessage(), e);
        }
        try {
            JsonNode s = required(root, "settings");
            SearchSettings settings = new SearchSettings(required(s, "top_k").asInt(), required(s, "candidates").asInt(),
                    "exhaustive".equals(required(s, "mode").asText()), s.path("transpose").asBoolean(false),
                    s.path("tempo_slowest").asDouble(Double.NaN), s.path("tempo_fastest").asDouble(Double.NaN),
                    s.path("semitone_neighbours").asBoolean(false));
            Optional<IndexInfo> index = Optional.empty();
            JsonNode i = root.get("index");
            if (i != null && !i.isNull()) {
                double build = num(i, "build_seconds");
                index = Optional.of(new IndexInfo(required(i, "feature").asText(), required(i, "recordings").asInt(),
                        required(i, "size_bytes").asLong(),
                        Double.isNaN(build) ? OptionalDouble.empty() : OptionalDouble.of(build)));
            }
            JsonNode m = required(root, "summary");
            EvaluationSummary summary = new EvaluationSummary(required(m, "queries").asInt(), num(m, "map"),
                    num(m, "mrr"), num(m, "p_at_1"), num(m, "p_at_10"), num(m, "candidate_recall"),
                    num(m, "latency_p50_s"), num(m, "latency_p95_s"), optionalNum(m, "top_span_iou"),
                    optionalNum(m, "localized_p_at_1"));
            List<QueryEvaluation> qs = new ArrayList<>();
            for (JsonNode q : required(root, "queries")) {
                Map<String, Integer> ranks = new LinkedHashMap<>();
                required(q, "ranks").fields().forEachRemaining(e ->
                        ranks.put(e.getKey(), e.getValue().isNull() ? 0 : e.getValue().asInt()));
                JsonNode t = q.get("top");
                Optional<RankedHit> top = t == null || t.isNull() ? Optional.empty()
                        : Optional.of(new RankedHit(required(t, "recording").asText(), num(t, "cost"),
                                num(t, "start_s"), num(t, "end_s")));
                qs.add(new QueryEvaluation(required(q, "query_id").asText(), ranks, num(q, "ap"), num(q, "rr"),
                        num(q, "p_at_1"), num(q, "p_at_10"), num(q, "candidate_recall"), num(q, "latency_s"), top,
                        optionalNum(q, "top_span_iou")));
            }
            return new EvaluationReport(settings, index, summary, qs);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "not a ctcr evaluation report: " + e.getMessage(), e);
        }
    }

    /** Human-readable report: summary, then one line per query with the ranks of its relevant recordings. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        index.ifPresent(i -> out.append(String.format(Locale.ROOT, "index              %s, %d recordings, %s%n",
                i.featureId(), i.recordings(), BenchmarkTable.formatBytes(i.sizeBytes()))));
        out.append(String.format(Locale.ROOT, "mode               %s (top %d, candidates %s%s)%n", settings.mode(),
                settings.topK(), settings.exhaustive() ? "-" : settings.candidates() == 0 ? "default" : settings.candidates(),
                settings.transpose() ? ", all transpositions" : settings.neighbours() ? ", +-1 semitone" : ""));
        out.append(String.format(Locale.ROOT, "queries            %d%n", summary.queries()));
        out.append(String.format(Locale.ROOT, "mAP                %s%n", fixed(summary.meanAveragePrecision())));
        out.append(String.format(Locale.ROOT, "MRR                %s%n", fixed(summary.meanReciprocalRank())));
        out.append(String.format(Locale.ROOT, "P@1                %s%n", fixed(summary.precisionAt1())));
        out.append(String.format(Locale.ROOT, "P@10               %s%n", fixed(summary.precisionAt10())));
        out.append(String.format(Locale.ROOT, "candidate recall   %s%n", fixed(summary.candidateRecall())));
        out.append(String.format(Locale.ROOT, "latency p50        %s s%n", fixed(summary.latencyP50Seconds())));
        out.append(String.format(Locale.ROOT, "latency p95        %s s%n", fixed(summary.latencyP95Seconds())));
        if (!Double.isNaN(summary.localizedAt1())) {
            out.append(String.format(Locale.ROOT, "top span IoU       %s%n", fixed(summary.topSpanIou())));
            out.append(String.format(Locale.ROOT, "localized P@1      %s (top hit relevant, IoU >= %.1f)%n",
                    fixed(summary.localizedAt1()), EvaluationSummary.LOCALIZED_IOU));
        }
        out.append("\nper query (ranks of the relevant recordings, - = not returned):\n");
        int width = queries.stream().mapToInt(q -> q.queryId().length()).max().orElse(8);
        for (QueryEvaluation q : queries) {
            List<String> ranks = q.ranks().values().stream().map(r -> r > 0 ? Integer.toString(r) : "-").toList();
            out.append(String.format(Locale.ROOT, "%-" + width + "s  AP %s  RR %s  ranks %s%n", q.queryId(),
                    fixed(q.averagePrecision()), fixed(q.reciprocalRank()), String.join(",", ranks)));
        }
        return out.toString();
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) n.putNull(key);
        else n.put(key, v);
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null) throw new IllegalArgumentException("missing field '" + key + "'");
        return v.isNull() ? Double.NaN : v.asDouble();
    }

    private static double optionalNum(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static JsonNode required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field '" + key + "'");
        return v;
    }
}
