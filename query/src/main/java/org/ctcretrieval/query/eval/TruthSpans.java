package org.ctcretrieval.query.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ctcretrieval.common.InputException;

/**
 * Where each query's snippet sounds in its relevant recordings (ground truth for the matched time spans), as
 * written by {@code ctcr bench-build} in {@code manifest.json}: {@code "queries": [{"query_id": ...,
 * "spans_s": {"<recording ID>": [start, end], ...}}, ...]}.
 */
public final class TruthSpans {
    private final Map<String, Map<String, double[]>> spans;

    /** @param spans query ID -> recording ID -> {start, end} seconds */
    public TruthSpans(Map<String, Map<String, double[]>> spans) {
        this.spans = Map.copyOf(spans);
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
        Map<String, Map<String, double[]>> out = new HashMap<>();
        for (JsonNode q : queries) {
            JsonNode id = q.get("query_id");
            JsonNode s = q.get("spans_s");
            if (id == null || s == null) throw new InputException(manifest, "a query lacks 'query_id' or 'spans_s'");
            Map<String, double[]> perRecording = new HashMap<>();
            var fields = s.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (e.getValue().size() != 2) {
                    throw new InputException(manifest, "query " + id.asText() + ": span of " + e.getKey() + " is not [start, end]");
                }
                perRecording.put(e.getKey(), new double[] {e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()});
            }
            out.put(id.asText(), perRecording);
        }
        return new TruthSpans(out);
    }

    /** The true span of {@code queryId} in {@code recordingId}, if known. */
    public Optional<double[]> span(String queryId, String recordingId) {
        Map<String, double[]> q = spans.get(queryId);
        return q == null ? Optional.empty() : Optional.ofNullable(q.get(recordingId));
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
