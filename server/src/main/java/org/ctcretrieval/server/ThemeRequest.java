package org.ctcretrieval.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.score.MeasureRange;
import org.ctcretrieval.query.score.QueryModel;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.query.search.FusionRule;
import org.ctcretrieval.query.search.ScoreSearch;
import org.ctcretrieval.query.search.SearchOptions;

/**
 * The theme and options of a search, score or match request: a multipart form with a score file in the field
 * {@code theme} (MusicXML, .mxl or MIDI) or chroma as JSON in the field {@code chroma}, and the options of
 * {@code ctcr query} as fields. Every bad value is a 4xx {@link ApiError} naming the field.
 */
final class ThemeRequest {
    static final int MAX_TOP = 100;
    static final int MAX_CANDIDATES = 10_000;
    static final int MAX_CHROMA_FRAMES = 10_000;
    /**
     * Reads posted chroma; Jackson's fast (and exact: correctly rounded) number parser halves the time of reading
     * a 10 s query's 3,000 numbers (about 0.4 ms to 0.2 ms).
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());

    private final Context ctx;
    private final Path uploads;

    ThemeRequest(Context ctx, Path uploads) {
        this.ctx = ctx;
        if (!ctx.isMultipartFormData()) {
            throw new ApiError(415, "expected a multipart/form-data body with a 'theme' file (or 'chroma' JSON, or an 'audio' or 'sung' file), got '"
                    + (ctx.contentType() == null ? "no content type" : ctx.contentType()) + "'");
        }
        this.uploads = uploads;
    }

    /** The selection of the theme: part, staff, measures, bpm, fermata. */
    ScoreSelection selection() {
        String part = text("part", 200);
        Integer staff = integer("staff", 1, 64);
        String measures = text("measures", 40);
        Double bpm = number("bpm", 1e-3, 9_999);
        Double fermata = number("fermata", 1e-3, 100);
        MeasureRange range;
        try {
            range = measures == null ? null : MeasureRange.parse(measures);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("measures: " + e.getMessage());
        }
        return new ScoreSelection(part, staff, range, bpm,
                fermata == null ? ScoreSelection.DEFAULT_FERMATA_FACTOR : fermata);
    }

    /** The search options asked for, searched on {@code threads} threads. */
    SearchOptions options(int threads) {
        SearchOptions o = SearchOptions.defaults().withThreads(threads);
        Integer top = integer("top", 1, MAX_TOP);
        Integer candidates = integer("candidates", 1, MAX_CANDIDATES);
        if (top != null) o = o.withTop(top);
        if (candidates != null) o = o.withCandidates(candidates);
        return o.withTranspose(flag("transpose")).withExhaustive(flag("exhaustive"));
    }

    /** How the query is named in the result: the uploaded file's name, or "chroma". */
    String label() {
        UploadedFile f = ctx.uploadedFile("theme");
        return f != null ? safeName(f.filename()) : "chroma";
    }

    /**
     * The query chroma for every feature of the index, as {@code ctcr query} makes it ({@link ScoreSearch}): the
     * selected notes of the theme file under each feature family's query model (or the model asked for in
     * {@code queryModel}), or the posted chroma for every feature.
     */
    List<FeatureSequence> queries(List<String> features) throws IOException {
        UploadedFile f = ctx.uploadedFile("theme");
        if (f == null) return ScoreSearch.queries(chroma(), features);
        ScoreSelection sel = selection();
        boolean userChoseNotes = sel.part() != null || sel.staff() != null;
        Optional<QueryModel> model = queryModel();
        Score score = withUpload(f, file -> ScoreReader.read(file, sel));
        return ScoreSearch.queries(score, userChoseNotes, features, model);
    }

    /** The field {@code queryModel} (as {@code ctcr query --query-model}); empty for the per-family default. */
    Optional<QueryModel> queryModel() {
        String v = text("queryModel", 40);
        try {
            return v == null ? Optional.empty() : Optional.of(QueryModel.parse(v));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("queryModel: " + e.getMessage());
        }
    }

    /** The field {@code fusion} (as {@code ctcr query --fusion}); the default rule when absent. */
    FusionRule fusion() {
        String v = text("fusion", 200);
        try {
            return v == null ? FusionRule.DEFAULT : FusionRule.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("fusion: " + e.getMessage());
        }
    }

    /** The theme file read with the selection (for /api/score). */
    Score score() throws IOException {
        UploadedFile f = ctx.uploadedFile("theme");
        if (f == null) throw ApiError.badRequest("missing the 'theme' file field (MusicXML, .mxl or MIDI)");
        ScoreSelection sel = selection();
        return withUpload(f, file -> ScoreReader.read(file, sel));
    }

    private interface ScoreJob<T> {
        T apply(Path file) throws IOException;
    }

    /**
     * Runs {@code job} on a private copy of the upload; problems with the file come back as 422 naming the
     * client's file name (never the server's temporary path).
     */
    private <T> T withUpload(UploadedFile f, ScoreJob<T> job) throws IOException {
        String name = safeName(f.filename());
        Path tmp = uploads.resolve(UUID.randomUUID() + ".upload");
        try (InputStream in = f.content()) {
            Files.copy(in, tmp);
            return job.apply(tmp);
        } catch (InputException e) {
            throw new ApiError(422, e.getMessage().replace(tmp.toString(), name));
        } catch (IllegalArgumentException e) {
            throw new ApiError(422, name + ": " + e.getMessage().replace(tmp.toString(), name));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Chroma posted as JSON: {@code {"frameRate": 25, "featureId": "score", "frames": [[12 values], ...]}}. */
    private FeatureSequence chroma() throws IOException {
        String json = ctx.formParam("chroma");
        if (json == null) {
            UploadedFile f = ctx.uploadedFile("chroma");
            if (f != null) {
                try (InputStream in = f.content()) {
                    json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        if (json == null) throw ApiError.badRequest("missing the theme: send a 'theme' file (MusicXML, .mxl or MIDI) or 'chroma' JSON");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("chroma: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw ApiError.badRequest("chroma: expected a JSON object with 'frames'");
        double rate = root.path("frameRate").asDouble(ScoreChroma.QUERY_RATE);
        if (!(rate >= 0.1 && rate <= 1000)) throw ApiError.badRequest("chroma: frameRate must be in 0.1..1000: " + rate);
        String featureId = root.path("featureId").asText(ScoreChroma.FEATURE_ID);
        JsonNode frames = root.path("frames");
        if (!frames.isArray() || frames.isEmpty()) throw ApiError.badRequest("chroma: 'frames' must be a non-empty array of 12-value arrays");
        if (frames.size() > MAX_CHROMA_FRAMES) throw new ApiError(413, "chroma: more than " + MAX_CHROMA_FRAMES + " frames");
        float[][] out = new float[frames.size()][];
        for (int t = 0; t < out.length; t++) {
            JsonNode row = frames.get(t);
            if (!row.isArray() || row.size() != 12) throw ApiError.badRequest("chroma: frame " + t + " must hold 12 numbers");
            out[t] = new float[12];
            for (int c = 0; c < 12; c++) {
                JsonNode v = row.get(c);
                if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
                    throw ApiError.badRequest("chroma: frame " + t + " value " + c + " must be a finite number >= 0");
                }
                out[t][c] = (float) v.asDouble();
            }
        }
        return new FeatureSequence(featureId, rate, out);
    }

    private String text(String field, int maxLength) {
        String v = ctx.formParam(field);
        if (v == null || v.isBlank()) return null;
        if (v.length() > maxLength) throw ApiError.badRequest(field + ": longer than " + maxLength + " characters");
        return v.trim();
    }

    Integer integer(String field, int min, int max) {
        String v = text(field, 20);
        return v == null ? null : wholeNumber(field, v, min, max);
    }

    /** {@code value} of {@code field} as a whole number in {@code min..max}, else a 400 naming the field. */
    static int wholeNumber(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) throw ApiError.badRequest(field + " must be in " + min + ".." + max + ": " + value);
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(field + " must be a whole number: '" + value + "'");
        }
    }

    /** {@code value} of {@code field} as a number in {@code min..max}, else a 400 naming the field. */
    static double number(String field, String value, double min, double max) {
        try {
            double x = Double.parseDouble(value.trim());
            if (!(x >= min && x <= max)) throw ApiError.badRequest(field + " must be in " + min + ".." + max + ": " + value);
            return x;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(field + " must be a number: '" + value + "'");
        }
    }

    Double number(String field, double min, double max) {
        String v = text(field, 30);
        return v == null ? null : number(field, v, min, max);
    }

    boolean flag(String field) {
        String v = text(field, 10);
        if (v == null) return false;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw ApiError.badRequest(field + " must be true or false: '" + v + "'");
        };
    }

    /** The client's file name without any folder part, for messages and labels. */
    static String safeName(String name) {
        if (name == null || name.isBlank()) return "theme";
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        return base.length() > 120 ? base.substring(0, 120) : base;
    }
}
