package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.lucene.document.Document;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * One audio file made ready for the index on a worker thread: hashed and, if new or changed, its features
 * extracted into its document. Shared by every writer of recordings (an index folder, a SolrCloud collection).
 *
 * @param id       the recording ID (absolute, normalised path)
 * @param doc      its document, null if the file is unchanged or failed
 * @param replaces whether a document of this ID exists (with another hash, or the same when unchanged)
 * @param error    why the file could not be read (message naming the file), null if it could
 */
public record PreparedRecording(String id, Document doc, boolean replaces, String error) {
    /**
     * @param known ID -> content hash of the recordings already indexed
     */
    public static PreparedRecording of(Path file, Map<String, String> known, RecordingDocuments documents,
                                       FeatureExtractor extractor) {
        String id = RecordingDocuments.idOf(file);
        try {
            String hash = ContentHash.sha256(file);
            String old = known.get(id);
            if (hash.equals(old)) return new PreparedRecording(id, null, true, null);
            FeatureSequence features = extractor.extract(file);
            return new PreparedRecording(id, documents.build(id, hash, features), old != null, null);
        } catch (IOException e) {
            String msg = e.getMessage();
            return new PreparedRecording(id, null, false, msg != null && msg.startsWith(file.toString()) ? msg : file + ": " + msg);
        }
    }

    /**
     * Waits for work of an extraction pool; an unexpected error of the extractor ({@link RuntimeException},
     * {@link Error}) is rethrown as it was.
     */
    public static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("indexing interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }
}
