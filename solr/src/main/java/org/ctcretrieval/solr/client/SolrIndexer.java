package org.ctcretrieval.solr.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.solr.common.SolrInputDocument;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.indexer.PreparedRecording;
import org.ctcretrieval.indexer.RecordingDocuments;

/**
 * Indexes a folder of recordings into a SolrCloud collection: features are extracted here, on the machine that
 * runs it, and the documents (the embedded index's, see {@link SolrRecordings#toSolr}) are sent to Solr.
 *
 * <ul>
 *   <li><b>Incremental.</b> A file whose SHA-256 equals the committed hash of its ID is skipped.</li>
 *   <li><b>Crash-safe.</b> Documents go in batches, each sent with a commit; a file counts as indexed only once
 *       the commit returned, so a run killed at any point is resumed by the next run (an uncommitted batch is
 *       simply sent again).</li>
 *   <li><b>Partitioned.</b> With a partition {@code i/n}, only the files whose ID falls into share i of n are
 *       indexed, so n machines can index one collection together, each its own share.</li>
 *   <li><b>Setup check.</b> The collection's setup is stored in a setup document; indexing with another setup is
 *       refused before any work.</li>
 * </ul>
 */
public final class SolrIndexer {
    /**
     * One of n disjoint shares of a collection's files: a file belongs to share {@code index} (1-based) if the hash
     * of its ID modulo n is index - 1. {@link String#hashCode} is specified, so every machine agrees.
     */
    public record Partition(int index, int count) {
        public static final Partition ALL = new Partition(1, 1);

        public Partition {
            if (count < 1 || index < 1 || index > count) throw new IllegalArgumentException("partition must be i/n with 1 <= i <= n");
        }

        /** Parses {@code i/n}. */
        public static Partition parse(String text) {
            String[] p = text.split("/");
            try {
                if (p.length == 2) return new Partition(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("partition must be i/n (e.g. 2/3), not '" + text + "'");
        }

        public boolean contains(String id) {
            return Math.floorMod(id.hashCode(), count) == index - 1;
        }
    }

    private final SolrRecordings collection;
    private final FeatureExtractor extractor;
    private final IndexSchema schema;
    private final CollectionIndexer.Options options;
    private final Partition partition;

    public SolrIndexer(SolrRecordings collection, FeatureExtractor extractor, IndexSchema schema,
                       CollectionIndexer.Options options, Partition partition) {
        if (!extractor.id().equals(schema.featureId())) {
            throw new IllegalArgumentException("schema names features " + schema.featureId() + " but extractor is " + extractor.id());
        }
        this.collection = collection;
        this.extractor = extractor;
        this.schema = schema;
        this.options = options;
        this.partition = partition;
    }

    /**
     * Brings this share of the collection up to date with the audio files under {@code audioDir} (or with that one
     * file). Recordings whose files are gone stay in the collection.
     *
     * @return counts of this share; {@code total} is the collection's recording count after the run
     * @throws InputException if the folder is missing or the collection was built with another setup
     */
    public IndexReport index(Path audioDir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> all = java.nio.file.Files.isRegularFile(audioDir) ? List.of(audioDir)
                : CollectionIndexer.listAudio(audioDir, options.extensions());
        for (Path f : all) {
            if (partition.contains(RecordingDocuments.idOf(f))) files.add(f);
        }
        checkOrWriteSetup(audioDir);
        Map<String, String> known = collection.hashes();
        RecordingDocuments documents = new RecordingDocuments(schema);
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ctcr-index");
            t.setDaemon(true);
            return t;
        });
        int added = 0, updated = 0, unchanged = 0;
        int pendingAdded = 0, pendingUpdated = 0;
        List<String> failed = new ArrayList<>();
        List<SolrInputDocument> batch = new ArrayList<>();
        ArrayDeque<Future<PreparedRecording>> window = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < files.size() || !window.isEmpty()) {
                while (next < files.size() && window.size() < options.threads() * 2) {
                    Path file = files.get(next++);
                    window.add(pool.submit(() -> PreparedRecording.of(file, known, documents, extractor)));
                }
                PreparedRecording p = PreparedRecording.await(window.poll());
                if (p.error() != null) {
                    failed.add(p.error());
                } else if (p.doc() == null) {
                    unchanged++;
                } else {
                    batch.add(SolrRecordings.toSolr(p.doc()));
                    if (p.replaces()) pendingUpdated++; else pendingAdded++;
                    if (batch.size() >= options.batchSize()) {
                        collection.addAndCommit(batch); // only now are these files indexed
                        batch.clear();
                        added += pendingAdded;
                        updated += pendingUpdated;
                        pendingAdded = pendingUpdated = 0;
                    }
                }
            }
            if (!batch.isEmpty()) {
                collection.addAndCommit(batch);
                added += pendingAdded;
                updated += pendingUpdated;
            }
        } finally {
            pool.shutdownNow();
        }
        return new IndexReport(added, updated, unchanged, Collections.unmodifiableList(failed), (int) collection.count());
    }

    private void checkOrWriteSetup(Path audioDir) throws IOException {
        IndexSchema stored = collection.setup();
        if (stored == null) {
            collection.writeSetup(schema);
            return;
        }
        List<String> diffs = stored.differences(schema);
        if (!diffs.isEmpty()) {
            throw new InputException(audioDir, "collection " + collection.nodes().collection()
                    + " was built with a different setup (" + String.join("; ", diffs) + "); use the same --features or another collection");
        }
    }
}
