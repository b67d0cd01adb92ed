package org.ctcretrieval.query.eval;

import org.ctcretrieval.query.score.MeasureRange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio;

/**
 * Reads and writes query files ({@code QUERIES.tsv}).
 *
 * <p>Format: UTF-8 text, tab-separated. Lines starting with {@code #} and blank lines are ignored. The first other
 * line is the header naming the columns (any order); every following line is one query with exactly as many
 * fields as the header. Columns:
 * <ul>
 *   <li>{@code query_id} (required): unique, non-empty name of the query;</li>
 *   <li>{@code score_path} (required): the score file (MusicXML {@code .musicxml}/{@code .xml}, compressed
 *       {@code .mxl}, or MIDI {@code .mid}), absolute or relative to the folder holding the query file; it must
 *       exist;</li>
 *   <li>{@code part} (optional column, may be empty): the part to use: a MusicXML part ID such as
 *       {@code P1}, a part name, or a 1-based part position; empty = all parts;</li>
 *   <li>{@code staff} (optional column, may be empty): staff number within the part, 1-based (1 = upper staff,
 *       the right hand of a piano part); empty = all staves;</li>
 *   <li>{@code measures} (optional column, may be empty): inclusive range {@code FIRST-LAST} of MusicXML measure
 *       numbers, e.g. {@code 5-12}, or a single number; empty = the whole score;</li>
 *   <li>{@code relevant} (required): comma-separated IDs of the recordings that play the snippet, at least one
 *       (IDs as defined by {@link RecordingIds}: path relative to the indexed audio folder, {@code /}-separated,
 *       without extension);</li>
 *   <li>{@code audio_path}, {@code audio_span}, {@code audio_kind} (optional columns): a query by audio instead of
 *       a score: the audio file (like {@code score_path}, which may then be empty), the span {@code FROM-TO} in
 *       seconds (empty = the whole file) and {@code excerpt} (another performance; the default) or {@code sung}
 *       (a hummed, sung or whistled melody);</li>
 *   <li>{@code transpose} (optional column, may be empty): semitones the score is transposed up before searching,
 *       a whole number from -11 to 11 (negative = down); empty = as written;</li>
 *   <li>{@code bpm} (optional column, may be empty): tempo of the score in quarter notes per minute, a positive
 *       number, overriding the tempo the score states; empty = the score's own.</li>
 * </ul>
 * Every problem is reported as an {@link InputException} naming the file, the line and what is wrong.
 */
public final class QueryFile {
    public static final String QUERY_ID = "query_id";
    public static final String SCORE_PATH = "score_path";
    public static final String PART = "part";
    public static final String STAFF = "staff";
    public static final String MEASURES = "measures";
    public static final String RELEVANT = "relevant";
    public static final String AUDIO_PATH = "audio_path";
    public static final String AUDIO_SPAN = "audio_span";
    public static final String AUDIO_KIND = "audio_kind";
    public static final String TRANSPOSE = "transpose";
    public static final String BPM = "bpm";

    private static final List<String> COLUMNS = List.of(QUERY_ID, SCORE_PATH, PART, STAFF, MEASURES, RELEVANT,
            AUDIO_PATH, AUDIO_SPAN, AUDIO_KIND, TRANSPOSE, BPM);
    /** score_path is required unless audio_path is there. */
    private static final List<String> REQUIRED = List.of(QUERY_ID, RELEVANT);

    private QueryFile() {}

    /**
     * Reads every query of {@code file}, in file order.
     *
     * @throws InputException if the file is missing, empty, or any line is malformed (message: file, line, problem)
     */
    public static List<QuerySpec> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file, "query file not found");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file, "not UTF-8 text", e);
        }
        Path folder = file.toAbsolutePath().getParent();
        Map<String, Integer> column = null;
        List<QuerySpec> queries = new ArrayList<>();
        Map<String, Integer> idLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = stripLineEnd(lines.get(i));
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] fields = line.split("\t", -1);
            if (column == null) {
                column = header(file, lineNo, fields);
                continue;
            }
            if (fields.length != column.size()) {
                throw error(file, lineNo, "expected " + column.size() + " tab-separated fields as in the header, found "
                        + fields.length);
            }
            QuerySpec q = row(file, lineNo, folder, column, fields);
            Integer previous = idLine.putIfAbsent(q.id(), lineNo);
            if (previous != null) {
                throw error(file, lineNo, "query_id '" + q.id() + "' already used on line " + previous);
            }
            queries.add(q);
        }
        if (column == null) throw new InputException(file, "no header line (expected columns " + String.join(", ", COLUMNS) + ")");
        if (queries.isEmpty()) throw new InputException(file, "no queries after the header");
        return queries;
    }

    /**
     * Writes {@code queries} with the six score columns, the three audio columns if any query is by audio, and
     * {@code transpose} and {@code bpm} if any query sets them.
     * Paths inside the file's folder are written relative to it (so the folder can be moved), others absolute.
     */
    public static void write(Path file, List<QuerySpec> queries) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        boolean withAudio = queries.stream().anyMatch(q -> q.audio().isPresent());
        boolean extra = queries.stream().anyMatch(q -> q.transpose() != 0 || q.bpm().isPresent());
        List<String> columns = new java.util.ArrayList<>(COLUMNS.subList(0, 6));
        if (withAudio) columns.addAll(COLUMNS.subList(6, 9));
        if (extra) columns.addAll(COLUMNS.subList(9, 11));
        StringBuilder out = new StringBuilder(String.join("\t", columns)).append('\n');
        for (QuerySpec q : queries) {
            out.append(q.id()).append('\t')
                    .append(q.audio().isPresent() ? "" : relative(folder, q.score())).append('\t')
                    .append(q.part().orElse("")).append('\t')
                    .append(q.staff().isPresent() ? Integer.toString(q.staff().getAsInt()) : "").append('\t')
                    .append(q.measures().map(MeasureRange::toString).orElse("")).append('\t')
                    .append(String.join(",", q.relevant()));
            if (withAudio) {
                out.append('\t').append(q.audio().map(a -> relative(folder, a.file())).orElse(""))
                        .append('\t').append(q.audio().map(a -> a.span().isWhole() ? "" : a.span().toString()).orElse(""))
                        .append('\t').append(q.audio().map(a -> a.kind().name().toLowerCase(java.util.Locale.ROOT)).orElse(""));
            }
            if (extra) {
                out.append('\t').append(q.transpose() == 0 ? "" : Integer.toString(q.transpose()))
                        .append('\t').append(q.bpm().isPresent() ? Double.toString(q.bpm().getAsDouble()) : "");
            }
            out.append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    private static String relative(Path folder, Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(folder) ? slashed(folder.relativize(p)) : p.toString();
    }

    private static Map<String, Integer> header(Path file, int lineNo, String[] fields) throws InputException {
        Map<String, Integer> column = new HashMap<>();
        for (int c = 0; c < fields.length; c++) {
            String name = fields[c].strip();
            if (!COLUMNS.contains(name)) {
                throw error(file, lineNo, "unknown column '" + name + "' in the header (columns: "
                        + String.join(", ", COLUMNS) + ")");
            }
            if (column.put(name, c) != null) throw error(file, lineNo, "column '" + name + "' appears twice in the header");
        }
        if (!column.containsKey(SCORE_PATH) && !column.containsKey(AUDIO_PATH)) {
            throw error(file, lineNo, "header lacks the required column '" + SCORE_PATH + "' (or '" + AUDIO_PATH
                    + "' for audio queries) (header: " + String.join(", ", Arrays.asList(fields)) + ")");
        }
        for (String r : REQUIRED) {
            if (!column.containsKey(r)) {
                throw error(file, lineNo, "header lacks the required column '" + r + "' (header: "
                        + String.join(", ", Arrays.asList(fields)) + ")");
            }
        }
        return column;
    }

    private static QuerySpec row(Path file, int lineNo, Path folder, Map<String, Integer> column, String[] fields)
            throws InputException {
        String id = field(fields, column, QUERY_ID);
        if (id.isEmpty()) throw error(file, lineNo, "empty query_id");

        Optional<QuerySpec.AudioQuery> audio = audio(file, lineNo, folder, column, fields);
        String scoreText = audio.isPresent() ? audio.get().file().toString() : field(fields, column, SCORE_PATH);
        if (scoreText.isEmpty()) throw error(file, lineNo, "empty score_path");
        Path score = folder.resolve(scoreText).normalize();
        if (!Files.isRegularFile(score)) throw error(file, lineNo, "score file not found: " + score);

        String partText = field(fields, column, PART);
        Optional<String> part = partText.isEmpty() ? Optional.empty() : Optional.of(partText);

        String staffText = field(fields, column, STAFF);
        OptionalInt staff = OptionalInt.empty();
        if (!staffText.isEmpty()) {
            try {
                int s = Integer.parseInt(staffText);
                if (s < 1) throw new NumberFormatException();
                staff = OptionalInt.of(s);
            } catch (NumberFormatException e) {
                throw error(file, lineNo, "staff must be a whole number >= 1 (or empty for all staves): '" + staffText + "'");
            }
        }

        String measuresText = field(fields, column, MEASURES);
        Optional<MeasureRange> measures = Optional.empty();
        if (!measuresText.isEmpty()) {
            try {
                measures = Optional.of(MeasureRange.parse(measuresText));
            } catch (IllegalArgumentException e) {
                throw error(file, lineNo, e.getMessage());
            }
        }

        String relevantText = field(fields, column, RELEVANT);
        Set<String> relevant = new LinkedHashSet<>();
        for (String r : relevantText.split(",", -1)) {
            String rid = r.strip();
            if (rid.isEmpty()) {
                throw error(file, lineNo, relevantText.isEmpty() ? "no relevant recordings (column 'relevant' is empty)"
                        : "empty recording ID in 'relevant': '" + relevantText + "'");
            }
            if (!relevant.add(rid)) throw error(file, lineNo, "recording '" + rid + "' listed twice in 'relevant'");
        }
        if (audio.isPresent() && (part.isPresent() || staff.isPresent() || measures.isPresent())) {
            throw error(file, lineNo, "part, staff and measures select from a score; an audio query has none");
        }
        String transposeText = field(fields, column, TRANSPOSE);
        int transpose = 0;
        if (!transposeText.isEmpty()) {
            try {
                transpose = Integer.parseInt(transposeText.startsWith("+") ? transposeText.substring(1) : transposeText);
                if (transpose < -11 || transpose > 11) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw error(file, lineNo, "transpose must be a whole number of semitones from -11 to 11 (or empty): '"
                        + transposeText + "'");
            }
        }

        String bpmText = field(fields, column, BPM);
        OptionalDouble bpm = OptionalDouble.empty();
        if (!bpmText.isEmpty()) {
            try {
                double b = Double.parseDouble(bpmText);
                if (!(b > 0 && b < 10_000)) throw new NumberFormatException();
                bpm = OptionalDouble.of(b);
            } catch (NumberFormatException e) {
                throw error(file, lineNo, "bpm must be a positive number of quarter notes per minute below 10000 (or"
                        + " empty for the score's own tempo): '" + bpmText + "'");
            }
        }
        return new QuerySpec(id, score, part, staff, measures, List.copyOf(relevant), file, lineNo, audio, transpose, bpm);
    }

    /** The audio columns of a row, if audio_path is set. */
    private static Optional<QuerySpec.AudioQuery> audio(Path file, int lineNo, Path folder, Map<String, Integer> column,
            String[] fields) throws InputException {
        String path = field(fields, column, AUDIO_PATH);
        if (path.isEmpty()) {
            if (!field(fields, column, AUDIO_SPAN).isEmpty() || !field(fields, column, AUDIO_KIND).isEmpty()) {
                throw error(file, lineNo, "audio_span and audio_kind need an audio_path");
            }
            return Optional.empty();
        }
        if (!field(fields, column, SCORE_PATH).isEmpty()) throw error(file, lineNo, "give score_path or audio_path, not both");
        Path audio = folder.resolve(path).normalize();
        if (!Files.isRegularFile(audio)) throw error(file, lineNo, "audio file not found: " + audio);
        try {
            return Optional.of(new QuerySpec.AudioQuery(audio, QueryAudio.AudioSpan.parse(field(fields, column, AUDIO_SPAN)),
                    AudioSearch.Kind.parse(field(fields, column, AUDIO_KIND))));
        } catch (IllegalArgumentException e) {
            throw error(file, lineNo, e.getMessage());
        }
    }

    private static String field(String[] fields, Map<String, Integer> column, String name) {
        Integer c = column.get(name);
        return c == null ? "" : fields[c].strip();
    }

    private static String stripLineEnd(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String slashed(Path rel) {
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }

    private static InputException error(Path file, int lineNo, String what) {
        return new InputException(file, "line " + lineNo + ": " + what);
    }
}
