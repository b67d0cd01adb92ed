package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.index.IndexSchema;

/** Deletes recordings from an index by path, in one atomic commit. */
public final class IndexRemover {
    private IndexRemover() {}

    /** What {@link #remove} did: recordings deleted per argument, and arguments that matched nothing. */
    public record Result(int removed, List<Path> notFound) {}

    /**
     * Removes the recordings of {@code files}. A path is matched by ID (absolute normalised path, the file need
     * not exist any more); a folder removes every recording under it.
     *
     * @throws InputException if the index folder holds no ctc-retrieval index, is corrupt or locked
     */
    public static Result remove(Path indexDir, List<Path> files) throws IOException {
        IndexSnapshot.requireIndexFolder(indexDir);
        if (FeatureSetLayout.isFused(indexDir)) {
            // every feature's sub-index holds the same recordings; one that was behind (an interrupted run) is
            // brought level by the next indexing run
            Result first = null;
            for (String f : FeatureSetLayout.features(indexDir)) {
                Result r = removeFromOne(FeatureSetLayout.featureDir(indexDir, f), files);
                if (first == null) first = r;
            }
            return first;
        }
        return removeFromOne(indexDir, files);
    }

    private static Result removeFromOne(Path indexDir, List<Path> files) throws IOException {
        IndexSnapshot.requireIndexFolder(indexDir);
        try (Directory dir = FSDirectory.open(indexDir)) {
            Map<String, String> userData;
            try {
                if (!DirectoryReader.indexExists(dir)) throw new InputException(indexDir, "no index here");
                try (DirectoryReader r = DirectoryReader.open(dir)) {
                    userData = r.getIndexCommit().getUserData();
                }
                IndexSnapshot.schemaOf(indexDir, userData);
            } catch (IOException | RuntimeException e) {
                throw IndexSnapshot.translate(indexDir, e);
            }
            IndexWriterConfig cfg = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND).setCommitOnClose(false);
            IndexWriter writer;
            try {
                writer = new IndexWriter(dir, cfg);
            } catch (LockObtainFailedException e) {
                throw new InputException(indexDir, "index is locked: an indexing run is writing to it", e);
            }
            try (writer) {
                int removed = 0;
                List<Path> notFound = new ArrayList<>();
                try (DirectoryReader r = DirectoryReader.open(writer)) {
                    IndexSearcher s = new IndexSearcher(r);
                    List<Query> queries = new ArrayList<>();
                    for (Path f : files) {
                        String id = RecordingDocuments.idOf(f);
                        Query exact = new TermQuery(new Term(IndexSchema.FIELD_ID, id));
                        Query under = new PrefixQuery(new Term(IndexSchema.FIELD_ID, id.endsWith("/") ? id : id + f.getFileSystem().getSeparator()));
                        int n = s.count(exact) + s.count(under);
                        if (n == 0) notFound.add(f);
                        removed += n;
                        queries.add(exact);
                        queries.add(under);
                    }
                    writer.deleteDocuments(queries.toArray(Query[]::new));
                }
                writer.setLiveCommitData(userData.entrySet());
                writer.commit();
                return new Result(removed, notFound);
            }
        }
    }
}
