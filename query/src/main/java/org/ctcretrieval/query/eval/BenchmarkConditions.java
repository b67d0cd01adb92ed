package org.ctcretrieval.query.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ctcretrieval.common.InputException;

/**
 * The conditions every (query, relevant recording) pair of a benchmark was made under, read from the manifest
 * of {@code ctcr bench-build}, so that metrics can be broken down by condition ({@link ConditionBreakdown}).
 *
 * <p>Dimensions, in table order (a dimension the manifest says nothing about is left out):
 * <ul>
 *   <li>{@code texture}: {@code whole texture} (all staves) or {@code right hand} (staff 1), from the query;</li>
 *   <li>{@code score tempo}: {@code marked}, {@code removed} or {@code unmarked}, from the query's
 *       {@code score_tempo};</li>
 *   <li>{@code tempo ratio}: performed tempo of the snippet in that recording over the tempo a reader of the
 *       score assumes (query's {@code tempo_ratios}), in the buckets of {@link #tempoBucket};</li>
 *   <li>{@code tuning}, {@code reverb}, {@code codec}, {@code soundfont}, {@code instruments}: from the
 *       recording's {@code conditions} ({@code tuning_hz}, {@code reverb}, {@code codec}, {@code soundfont},
 *       {@code programs}).</li>
 * </ul>
 */
public final class BenchmarkConditions {
    /** Dimensions in table order. */
    public static final List<String> DIMENSIONS = List.of("texture", "score tempo", "tempo ratio", "tuning", "reverb",
            "codec", "soundfont", "instruments");
    private static final List<String> TEMPO_BUCKETS = List.of("< 0.5", "0.5–0.8", "0.8–1.25", "1.25–2", "> 2");
    private static final List<String> KNOWN_ORDER = List.of("whole texture", "right hand", "marked", "removed",
            "unmarked", "none", "room", "hall", "mp3", "ogg");

    private final Map<String, Map<String, Map<String, String>>> labels; // query -> recording -> dimension -> value

    /** @param labels query ID -> recording ID -> dimension -> value */
    public BenchmarkConditions(Map<String, Map<String, Map<String, String>>> labels) {
        this.labels = Map.copyOf(labels);
    }

    /** Reads the conditions of a benchmark manifest ({@code manifest.json} of {@code ctcr bench-build}). */
    public static BenchmarkConditions readManifest(Path manifest) throws IOException {
        JsonNode root = BenchmarkManifest.read(manifest);
        Map<String, Map<String, String>> byRecording = new HashMap<>();
        for (JsonNode piece : root.path("pieces")) {
            for (JsonNode rec : piece.path("recordings")) {
                Map<String, String> l = new LinkedHashMap<>();
                JsonNode c = rec.path("conditions");
                if (c.isObject()) {
                    if (c.has("tuning_hz")) l.put("tuning", "A=" + trimmed(c.get("tuning_hz").asDouble()));
                    if (c.has("reverb")) l.put("reverb", c.get("reverb").asText());
                    if (c.has("codec")) l.put("codec", c.get("codec").asText());
                    if (c.has("programs")) l.put("instruments", c.get("programs").asText());
                }
                if (rec.has("soundfont")) l.put("soundfont", rec.get("soundfont").asText());
                byRecording.put(rec.path("recording_id").asText(), l);
            }
        }
        JsonNode queries = root.get("queries");
        Map<String, Map<String, Map<String, String>>> out = new HashMap<>();
        for (JsonNode q : queries) {
            String id = q.path("query_id").asText();
            JsonNode spans = q.get("spans_s");
            if (id.isEmpty() || spans == null) throw new InputException(manifest, "a query lacks 'query_id' or 'spans_s'");
            Map<String, Map<String, String>> perRecording = new HashMap<>();
            var names = spans.fieldNames();
            while (names.hasNext()) {
                String rec = names.next();
                Map<String, String> l = new LinkedHashMap<>();
                l.put("texture", q.path("staff").isNull() || !q.has("staff") ? "whole texture"
                        : q.get("staff").asInt() == 1 ? "right hand" : "staff " + q.get("staff").asInt());
                if (q.has("score_tempo")) l.put("score tempo", q.get("score_tempo").asText());
                JsonNode ratio = q.path("tempo_ratios").get(rec);
                if (ratio != null) l.put("tempo ratio", tempoBucket(ratio.asDouble()));
                l.putAll(byRecording.getOrDefault(rec, Map.of()));
                perRecording.put(rec, l);
            }
            out.put(id, perRecording);
        }
        return new BenchmarkConditions(out);
    }

    /** The bucket of a performed-to-score tempo ratio: {@code < 0.5}, {@code 0.5–0.8}, {@code 0.8–1.25}, {@code 1.25–2}, {@code > 2}. */
    public static String tempoBucket(double ratio) {
        if (ratio < 0.5) return TEMPO_BUCKETS.get(0);
        if (ratio < 0.8) return TEMPO_BUCKETS.get(1);
        if (ratio <= 1.25) return TEMPO_BUCKETS.get(2);
        if (ratio <= 2) return TEMPO_BUCKETS.get(3);
        return TEMPO_BUCKETS.get(4);
    }

    /** The value of {@code dimension} for a relevant recording of a query, or null if unknown. */
    public String label(String queryId, String recordingId, String dimension) {
        return labels.getOrDefault(queryId, Map.of()).getOrDefault(recordingId, Map.of()).get(dimension);
    }

    /** The dimensions that have at least one value, in {@link #DIMENSIONS} order. */
    public List<String> dimensions() {
        return DIMENSIONS.stream().filter(d -> !values(d).isEmpty()).toList();
    }

    /** The values a dimension takes, in a readable order (buckets and pitches ascending, "none" first). */
    public List<String> values(String dimension) {
        return labels.values().stream().flatMap(m -> m.values().stream()).map(m -> m.get(dimension))
                .filter(v -> v != null).distinct().sorted(VALUE_ORDER).toList();
    }

    private static final Comparator<String> VALUE_ORDER = Comparator
            .comparingInt((String v) -> TEMPO_BUCKETS.contains(v) ? TEMPO_BUCKETS.indexOf(v) : 99)
            .thenComparingInt(v -> KNOWN_ORDER.contains(v) ? KNOWN_ORDER.indexOf(v) : 99)
            .thenComparing(v -> v.toLowerCase(Locale.ROOT));

    private static String trimmed(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
