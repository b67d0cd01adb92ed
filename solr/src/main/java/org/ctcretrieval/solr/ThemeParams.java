package org.ctcretrieval.solr;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.DtwWindows;

/**
 * The request parameters by which the client hands a theme to the shard-side plugin, and their text forms. The
 * client resamples and checks the theme; every shard then derives the same shingles, windows and DTW from them
 * with the embedded searcher's code.
 */
public final class ThemeParams {
    /** Theme chroma at the collection's retrieval rate: {@code frames,dimension,base64 of big-endian float32}. */
    public static final String QUERY = "ctcr.query";
    /** The collection's setup, {@link IndexSchema#toUserData()} as {@code key=value} lines. */
    public static final String SETUP = "ctcr.setup";
    /** Transpositions searched, semitones up separated by commas, 0 first (default 0). */
    public static final String SHIFTS = "ctcr.shifts";
    /**
     * Time scalings of the theme, separated by commas (default 1); {@link #QUERY} then holds one query per scaling,
     * separated by semicolons, and query variant v is scaling v / shifts, transposition v % shifts.
     */
    public static final String SCALES = "ctcr.scales";
    /** Matches located per ranked recording, non-overlapping, best first (default 1). */
    public static final String OCCURRENCES = "ctcr.occurrences";
    /**
     * Recording spans the full DTW matches ({@link #encodeWindows}); absent: every recording, whole (exhaustive
     * search).
     */
    public static final String WINDOWS = "ctcr.windows";

    /**
     * The candidates of a windows request by transposition ({@link #encodeCandidates}): each recording's windows
     * are computed for the time scalings of the transpositions whose candidate request selected it, as the
     * embedded searcher computes them.
     */
    public static final String CANDIDATES = "ctcr.candidates";

    /** ID of the document that holds the collection's setup ({@link #SETUP_FIELD}); no recording ID starts so. */
    public static final String SETUP_ID = "ctcr:setup";
    /** Stored field of the setup document. */
    public static final String SETUP_FIELD = "setup";

    private ThemeParams() {}

    public static String encodeQuery(float[][] frames) {
        int d = frames.length == 0 ? 0 : frames[0].length;
        ByteBuffer b = ByteBuffer.allocate(frames.length * d * Float.BYTES);
        for (float[] f : frames) for (float v : f) b.putFloat(v);
        return frames.length + "," + d + "," + Base64.getEncoder().encodeToString(b.array());
    }

    public static float[][] decodeQuery(String text) {
        String[] parts = text.split(",", 3);
        if (parts.length != 3) throw new IllegalArgumentException(QUERY + " must be frames,dimension,base64");
        int n = Integer.parseInt(parts[0]);
        int d = Integer.parseInt(parts[1]);
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(parts[2]));
        if (b.remaining() != n * d * Float.BYTES) throw new IllegalArgumentException(QUERY + ": wrong number of values");
        float[][] out = new float[n][d];
        for (float[] f : out) for (int c = 0; c < d; c++) f[c] = b.getFloat();
        return out;
    }

    public static String encodeSetup(IndexSchema schema) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : schema.toUserData().entrySet()) sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        return sb.toString();
    }

    /** @throws IllegalArgumentException if the text is not a complete setup of this format version */
    public static IndexSchema decodeSetup(String text) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) data.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return IndexSchema.fromUserData(data);
    }

    /** One line per transposition index (0, 1, ...): the IDs of its candidates, separated by tabs. */
    public static String encodeCandidates(List<? extends java.util.Collection<String>> perShift) {
        StringBuilder sb = new StringBuilder();
        for (java.util.Collection<String> ids : perShift) sb.append(String.join("\t", ids)).append('\n');
        return sb.toString();
    }

    /** Recording ID -> the transposition indexes (ascending) that selected it. */
    public static Map<String, List<Integer>> decodeCandidates(String text) {
        Map<String, List<Integer>> out = new java.util.HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int h = 0; h < lines.length; h++) {
            if (lines[h].isEmpty()) continue;
            for (String id : lines[h].split("\t")) out.computeIfAbsent(id, k -> new ArrayList<>()).add(h);
        }
        return out;
    }

    /** A span of one recording to match at one transposition. */
    public record ShiftWindow(int shift, DtwWindows.Window window) {}

    /** Lines {@code id TAB shift,from,to,support;...}. */
    public static String encodeWindows(Map<String, List<ShiftWindow>> windows) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<ShiftWindow>> e : windows.entrySet()) {
            sb.append(e.getKey()).append('\t');
            List<ShiftWindow> list = e.getValue();
            for (int i = 0; i < list.size(); i++) {
                DtwWindows.Window w = list.get(i).window();
                if (i > 0) sb.append(';');
                sb.append(list.get(i).shift()).append(',').append(w.from()).append(',').append(w.to()).append(',').append(w.support());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static Map<String, List<ShiftWindow>> decodeWindows(String text) {
        Map<String, List<ShiftWindow>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            int tab = line.lastIndexOf('\t');
            List<ShiftWindow> list = new ArrayList<>();
            for (String w : line.substring(tab + 1).split(";")) {
                if (w.isEmpty()) continue;
                String[] f = w.split(",");
                list.add(new ShiftWindow(Integer.parseInt(f[0]), new DtwWindows.Window(Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]), Integer.parseInt(f[3]))));
            }
            out.put(line.substring(0, tab), list);
        }
        return out;
    }
}
