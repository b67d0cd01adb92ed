package org.ctcretrieval.query.eval;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Presents a system that names recordings by absolute file path (as an index storing the paths it was built from)
 * with the recording IDs of query files: every ID that is an absolute path inside {@code audioRoot} is replaced by
 * {@link RecordingIds#of(Path, Path)}; other IDs pass unchanged.
 */
public final class RelativeIdSystem implements RetrievalSystem {
    private final RetrievalSystem inner;
    private final Path audioRoot;

    /**
     * @param inner     the system answering with absolute paths
     * @param audioRoot the folder the recordings were indexed from
     */
    public RelativeIdSystem(RetrievalSystem inner, Path audioRoot) {
        this.inner = inner;
        this.audioRoot = audioRoot.toAbsolutePath().normalize();
    }

    /** The recording ID of {@code id}: relative to the audio folder if it is an absolute path inside it. */
    public String relative(String id) {
        try {
            Path p = Path.of(id);
            if (p.isAbsolute() && p.normalize().startsWith(audioRoot)) return RecordingIds.of(audioRoot, p);
        } catch (InvalidPathException e) {
            // not a path: an ID already
        }
        return id;
    }

    @Override
    public RankedResult search(QuerySpec query, SearchSettings settings) throws IOException {
        RankedResult r = inner.search(query, settings);
        return new RankedResult(
                r.hits().stream().map(h -> new RankedHit(relative(h.recordingId()), h.cost(), h.startSeconds(),
                        h.endSeconds())).toList(),
                r.candidates().map(c -> c.stream().map(this::relative).toList()),
                r.latency());
    }

    @Override
    public Optional<Set<String>> indexedRecordings() {
        return inner.indexedRecordings().map(ids -> {
            Set<String> out = new LinkedHashSet<>();
            for (String id : ids) out.add(relative(id));
            return out;
        });
    }

    @Override
    public Optional<IndexInfo> indexInfo() {
        return inner.indexInfo();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
