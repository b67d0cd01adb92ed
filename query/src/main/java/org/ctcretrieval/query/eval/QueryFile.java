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
    public static final String TRANSPOSE = "transpose";
    public static final String BPM = "bpm";

    private static final List<String> COLUMNS = List.of(QUERY_ID, SCORE_PATH, PART, STAFF, MEASURES, RELEVANT, TRANSPOSE, BPM);
    private static final List<String> REQUIRED = List.of(QUERY_ID, SCORE_PATH, RELEVANT);

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
     * Writes {@code queries} with the six columns up to {@code relevant}, and {@code transpose} and {@code bpm}
     * when a query sets them. Score paths inside the file's folder are written relative to
     * it (so the folder can be moved), others absolute.
     */
    public static void write(Path file, List<QuerySpec> queries) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        boolean extra = queries.stream().anyMatch(q -> q.transpose() != 0 || q.bpm().isPresent());
        StringBuilder out = new StringBuilder(String.join("\t", extra ? COLUMNS : COLUMNS.subList(0, 6))).append('\n');
        for (QuerySpec q : queries) {
            Path score = q.score().toAbsolutePath().normalize();
            String scorePath = score.startsWith(folder) ? slashed(folder.relativize(score)) : score.toString();
            out.append(q.id()).append('\t')
                    .append(scorePath).append('\t')
                    .append(q.part().orElse("")).append('\t')
                    .append(q.staff().isPresent() ? Integer.toString(q.staff().getAsInt()) : "").append('\t')
                    .append(q.measures().map(MeasureRange::toString).orElse("")).append('\t')
                    .append(String.join(",", q.relevant()));
            if (extra) {
                out.append('\t').append(q.transpose() == 0 ? "" : Integer.toString(q.transpose()))
                        .append('\t').append(q.bpm().isPresent() ? Double.toString(q.bpm().getAsDouble()) : "");
            }
            out.append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
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

        String scoreText = field(fields, column, SCORE_PATH);
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
        return new QuerySpec(id, score, part, staff, measures, List.copyOf(relevant), file, lineNo, transpose, bpm);
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
