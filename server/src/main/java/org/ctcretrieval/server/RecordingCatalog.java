package org.ctcretrieval.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.Bits;
import org.apache.lucene.index.MultiBits;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.IndexSnapshot;

/** The recordings of one index generation, by opaque key and in name order (for paging). */
final class RecordingCatalog {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16}");

    private final Map<String, Recording> byKey = new HashMap<>();
    private final Map<String, Recording> byPath = new HashMap<>();
    private final List<Recording> ordered;
    private final double seconds;

    RecordingCatalog(IndexSnapshot snapshot) throws IOException {
        this(recordings(snapshot));
    }

    /** A catalog of these recordings (in any order). */
    RecordingCatalog(List<Recording> recordings) {
        List<Recording> all = new ArrayList<>(recordings);
        double total = 0;
        for (Recording r : all) {
            byKey.put(r.key(), r);
            byPath.put(r.path(), r);
            total += r.seconds();
        }
        all.sort(Comparator.comparing(Recording::name).thenComparing(Recording::path));
        this.ordered = List.copyOf(all);
        this.seconds = total;
    }

    private static List<Recording> recordings(IndexSnapshot snapshot) throws IOException {
        double rate = snapshot.schema().retrievalRate();
        StoredFields stored = snapshot.reader().storedFields();
        Bits live = MultiBits.getLiveDocs(snapshot.reader());
        List<Recording> all = new ArrayList<>();
        for (int doc = 0; doc < snapshot.reader().maxDoc(); doc++) {
            if (live != null && !live.get(doc)) continue;
            Document d = stored.document(doc);
            String path = d.get(IndexSchema.FIELD_ID);
            if (path == null) continue;
            Number frames = d.getField(IndexSchema.FIELD_FRAMES) == null ? null : d.getField(IndexSchema.FIELD_FRAMES).numericValue();
            all.add(recording(path, doc, frames == null ? 0 : frames.intValue(), rate, d.get(IndexSchema.FIELD_HASH)));
        }
        return all;
    }

    /** A recording as the API shows it; {@code doc} is its Lucene document number, or -1 if it has none here. */
    static Recording recording(String path, int doc, int frames, double rate, String sha256) {
        Path file = Path.of(path).getFileName();
        return new Recording(keyOf(path), path, file == null ? path : file.toString(), doc, frames, frames / rate, sha256);
    }

    /** The opaque key of a recording path. */
    static String keyOf(String path) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recording with this key; anything that is not a known key (a path, "..", garbage) is 404. */
    Recording get(String key) {
        Recording r = key != null && KEY.matcher(key).matches() ? byKey.get(key) : null;
        if (r == null) throw ApiError.notFound("no recording with id '" + key + "'");
        return r;
    }

    /** The recording indexed from {@code path}, or null. */
    Recording byPath(String path) {
        return byPath.get(path);
    }

    List<Recording> page(int offset, int limit) {
        if (offset >= ordered.size()) return List.of();
        return ordered.subList(offset, Math.min(ordered.size(), offset + limit));
    }

    int size() {
        return ordered.size();
    }

    double totalSeconds() {
        return seconds;
    }
}
