package org.ctcretrieval.query.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctcretrieval.common.InputException;

/**
 * Where each query's snippet sounds in its relevant recordings (ground truth for the matched time spans), as
 * written by {@code ctcr bench-build} in {@code manifest.json}: {@code "queries": [{"query_id": ...,
 * "spans_s": {"<recording ID>": [start, end], ...}}, ...]}. A recording that plays the snippet several times
 * (repeats, a recapitulation) lists every span: {@code "<recording ID>": [[start, end], [start, end], ...]}; a
 * match of any of them counts.
 */
public final class TruthSpans {
    private final Map<String, Map<String, List<double[]>>> spans;

    private TruthSpans(Map<String, Map<String, List<double[]>>> spans, boolean several) {
        this.spans = Map.copyOf(spans);
    }

    /** @param spans query ID -> recording ID -> {start, end} seconds */
    public TruthSpans(Map<String, Map<String, double[]>> spans) {
        this(one(spans), true);
    }

    /** @param spans query ID -> recording ID -> every {start, end} seconds where the snippet sounds */
    public static TruthSpans ofAll(Map<String, Map<String, List<double[]>>> spans) {
        return new TruthSpans(spans, true);
    }

    private static Map<String, Map<String, List<double[]>>> one(Map<String, Map<String, double[]>> spans) {
        Map<String, Map<String, List<double[]>>> out = new HashMap<>();
        spans.forEach((q, m) -> {
            Map<String, List<double[]>> r = new HashMap<>();
            m.forEach((id, span) -> r.put(id, List.<double[]>of(span)));
            out.put(q, r);
        });
        return out;
    }

    /** Reads the {@code queries[].spans_s} of a benchmark manifest. */
    public static TruthSpans readManifest(Path manifest) throws IOException {
        if (!Files.isRegularFile(manifest)) throw new InputException(manifest, "benchmark manifest not found");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new InputException(manifest, "not JSON: " + e.getMessage(), e);
        }
        JsonNode queries = root.get("queries");
        if (queries == null || !queries.isArray()) throw new InputException(manifest, "no 'queries' array");
        Map<String, Map<String, List<double[]>>> out = new HashMap<>();
        for (JsonNode q : queries) {
            JsonNode id = q.get("query_id");
            JsonNode s = q.get("spans_s");
            if (id == null || s == null) throw new InputException(manifest, "a query lacks 'query_id' or 'spans_s'");
            Map<String, List<double[]>> perRecording = new HashMap<>();
            var fields = s.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                JsonNode v = e.getValue();
                List<double[]> list = new ArrayList<>();
                if (v.isArray() && v.size() > 0 && v.get(0).isArray()) {
                    for (JsonNode span : v) list.add(span(manifest, id.asText(), e.getKey(), span));
                } else {
                    list.add(span(manifest, id.asText(), e.getKey(), v));
                }
                perRecording.put(e.getKey(), List.copyOf(list));
            }
            out.put(id.asText(), perRecording);
        }
        return new TruthSpans(out, true);
    }

    private static double[] span(Path manifest, String query, String recording, JsonNode v) throws InputException {
        if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()
                || !(v.get(0).asDouble() <= v.get(1).asDouble())) {
            throw new InputException(manifest, "query " + query + ": span of " + recording
                    + " is not [start, end] (seconds, start <= end) or a list of such spans");
        }
        return new double[] {v.get(0).asDouble(), v.get(1).asDouble()};
    }

    /** The first true span of {@code queryId} in {@code recordingId}, if known. */
    public Optional<double[]> span(String queryId, String recordingId) {
        return spans(queryId, recordingId).stream().findFirst();
    }

    /** Every true span of {@code queryId} in {@code recordingId}, in manifest order; empty if unknown. */
    public List<double[]> spans(String queryId, String recordingId) {
        Map<String, List<double[]>> q = spans.get(queryId);
        List<double[]> l = q == null ? null : q.get(recordingId);
        return l == null ? List.of() : l;
    }

    /**
     * The best intersection over union of a matched span with any true span of {@code queryId} in
     * {@code recordingId}; NaN if none is known.
     */
    public double bestIntersectionOverUnion(String queryId, String recordingId, double start, double end) {
        double best = Double.NaN;
        for (double[] s : spans(queryId, recordingId)) {
            double iou = intersectionOverUnion(start, end, s[0], s[1]);
            if (Double.isNaN(best) || iou > best) best = iou;
        }
        return best;
    }

    /**
     * Intersection over union of two time spans: overlap length / length of their union; 0 if disjoint, NaN if a
     * bound is NaN.
     */
    public static double intersectionOverUnion(double start1, double end1, double start2, double end2) {
        double overlap = Math.min(end1, end2) - Math.max(start1, start2);
        double union = Math.max(end1, end2) - Math.min(start1, start2);
        if (Double.isNaN(overlap) || Double.isNaN(union)) return Double.NaN;
        return overlap <= 0 || union <= 0 ? 0 : overlap / union;
    }
}
