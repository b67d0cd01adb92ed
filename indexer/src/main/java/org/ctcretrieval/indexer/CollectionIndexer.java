package org.ctcretrieval.indexer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.TieredMergePolicy;
import org.ctcretrieval.common.progress.AudioProgress;
import org.ctcretrieval.common.progress.ItemProgress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * Indexes every audio file under a folder (recursively) into a Lucene index, incrementally and crash-safely.
 *
 * <ul>
 *   <li><b>Incremental.</b> A file whose SHA-256 equals the stored hash of its ID (absolute path) is skipped; a
 *       changed file replaces its document; new files are added.</li>
 *   <li><b>Crash-safe.</b> Documents are committed in batches ({@link Options#batchSize()}); a Lucene commit is
 *       atomic, so a run killed at any point leaves the index at its last commit, readable, and the next run
 *       resumes (committed files are then unchanged and skipped). An unexpected error (a {@link RuntimeException}
 *       or {@link Error} from the extractor) rolls back the current batch, exactly like a kill, and is rethrown;
 *       an {@link IOException} for a single file (e.g. undecodable audio) is reported in
 *       {@link IndexReport#failed()} and the run continues.</li>
 *   <li><b>Setup check.</b> The feature setup ({@link IndexSchema}) is stored as commit user data; indexing into
 *       an index with a different setup fails with an {@link InputException} before any work.</li>
 *   <li><b>Merged.</b> A run that added or changed recordings ends by merging the index into one segment
 *       ({@link Options#merge()}), which is what makes candidate search fastest.</li>
 *   <li><b>Parallel.</b> Hashing and feature extraction follow one {@link ThreadPlan} for
 *       {@link Options#threads()} cores: one worker per core while there are at least as many files as cores,
 *       each with an extractor of its own computing on one thread (HCQT and ONNX Runtime session alike), so no
 *       more threads compute than there are cores and no worker waits for another; one thread writes the
 *       documents in file order.</li>
 * </ul>
 */
public final class CollectionIndexer {
    /** File name extensions treated as audio unless configured otherwise (lower case, without dot). */
    public static final Set<String> AUDIO_EXTENSIONS =
            Set.of("wav", "flac", "mp3", "ogg", "oga", "opus", "m4a", "aac", "aif", "aiff", "au", "wma");

    /**
     * @param threads    extraction threads, &gt;= 1 (default: available processors)
     * @param batchSize  documents per commit, &gt;= 1 (default 16)
     * @param extensions lower-case file name extensions to index (default {@link #AUDIO_EXTENSIONS})
     * @param progress   show a progress bar on stderr
     * @param merge      after a run that changed the index, merge it into one segment (default true; see
     *                   {@link CollectionIndexer})
     */
    public record Options(int threads, int batchSize, Set<String> extensions, boolean progress, boolean merge) {
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 16, AUDIO_EXTENSIONS, false, true);
        }

        public Options {
            if (threads < 1 || batchSize < 1) throw new IllegalArgumentException("threads and batch size must be >= 1");
        }

        public Options withThreads(int n) {
            return new Options(n, batchSize, extensions, progress, merge);
        }

        public Options withBatchSize(int n) {
            return new Options(threads, n, extensions, progress, merge);
        }

        public Options withExtensions(Set<String> ext) {
            return new Options(threads, batchSize, ext, progress, merge);
        }

        public Options withProgress(boolean p) {
            return new Options(threads, batchSize, extensions, p, merge);
        }

        public Options withMerge(boolean m) {
            return new Options(threads, batchSize, extensions, progress, m);
        }
    }

    /** Makes the extractor of one worker of the {@link ThreadPlan}. */
    @FunctionalInterface
    public interface WorkerExtractors {
        /** An extractor computing on at most {@code threads} threads, used by one worker thread at a time. */
        FeatureExtractor create(int threads) throws IOException;
    }

    private final Path indexDir;
    private final WorkerExtractors extractors;
    /** Whether the extractors are made here (and closed here) rather than one shared extractor of the caller. */
    private final boolean ownsExtractors;
    private final IndexSchema schema;
    private final Options options;

    /**
     * Indexes with one extractor shared by every worker (it must be safe for concurrent use; it is not closed).
     *
     * @param indexDir  index folder (created if missing)
     * @param extractor feature extractor; its {@code id()} and {@code frameRate()} become part of the schema
     * @param schema    full setup to index with; see {@link IndexSchema#forFeatures}
     * @param options   threads, batch size, file filter, progress display
     */
    public CollectionIndexer(Path indexDir, FeatureExtractor extractor, IndexSchema schema, Options options) {
        checkId(extractor, schema);
        this.indexDir = indexDir;
        this.extractors = threads -> extractor;
        this.ownsExtractors = false;
        this.schema = schema;
        this.options = options;
    }

    /**
     * Indexes with an extractor per worker of the {@link ThreadPlan}, made when the worker first needs it and
     * closed at the end of the run.
     *
     * @param extractors makes the extractor of a worker; its {@code id()} must be the schema's feature ID
     */
    public CollectionIndexer(Path indexDir, WorkerExtractors extractors, IndexSchema schema, Options options) {
        this.indexDir = indexDir;
        this.extractors = extractors;
        this.ownsExtractors = true;
        this.schema = schema;
        this.options = options;
    }

    private static void checkId(FeatureExtractor extractor, IndexSchema schema) {
        if (!extractor.id().equals(schema.featureId())) {
            throw new IllegalArgumentException("schema names features " + schema.featureId() + " but extractor is " + extractor.id());
        }
    }

    /**
     * The extractors of the workers: each worker takes a slot for one file and gives it back, so a slot (and its
     * extractor, made on first use) is never used by two threads at once.
     */
    private final class WorkerSlots implements AutoCloseable {
        private final java.util.concurrent.BlockingQueue<Slot> free;
        private final List<Slot> all = new ArrayList<>();

        WorkerSlots(ThreadPlan plan) {
            free = new java.util.concurrent.ArrayBlockingQueue<>(plan.workers());
            for (int i = 0; i < plan.workers(); i++) all.add(new Slot(plan.threads(i)));
            free.addAll(all);
        }

        Slot take() throws InterruptedException {
            return free.take();
        }

        void give(Slot s) {
            free.add(s);
        }

        @Override
        public void close() {
            if (!ownsExtractors) return;
            for (Slot s : all) {
                if (s.extractor != null) s.extractor.close();
            }
        }
    }

    private final class Slot {
        private final int threads;
        private FeatureExtractor extractor;

        Slot(int threads) {
            this.threads = threads;
        }

        FeatureExtractor extractor() throws IOException {
            if (extractor == null) {
                extractor = extractors.create(threads);
                checkId(extractor, schema);
            }
            return extractor;
        }
    }

    /**
     * Brings the index up to date with the audio files under {@code input} (a folder, searched recursively, or
     * one file), so that the index mirrors the folder:
     * <ul>
     *   <li>a file whose size and modification time ({@link FileStamp}) are unchanged is skipped without reading
     *       it; one whose content hash is unchanged is skipped after hashing;</li>
     *   <li>a new file whose content is indexed under a path that no longer exists (a renamed or moved file) is
     *       moved: its document is rebuilt under the new path from the stored chroma, without extraction;</li>
     *   <li>a new file whose content is indexed under another path that still exists is a duplicate: it is
     *       indexed as its own recording (copied, not extracted) and reported in {@link IndexReport#duplicates()};</li>
     *   <li>recordings under the folder whose files are gone are removed and counted
     *       ({@link IndexReport#removed()}).</li>
     * </ul>
     *
     * @throws InputException if the input is missing, the index is corrupt or locked by another running indexer,
     *                        or the index was built with a different setup
     */
    public IndexReport index(Path input) throws IOException {
        if (!Files.exists(input)) throw new InputException(input, "no such file or folder");
        boolean folder = Files.isDirectory(input);
        if (!folder && !Files.isRegularFile(input)) throw new InputException(input, "is neither a folder nor a regular file");
        List<Path> files = folder ? listAudio(input) : List.of(input);
        if (Files.exists(indexDir) && !Files.isDirectory(indexDir)) throw new InputException(indexDir, "not a folder (an index is a folder)");
        Files.createDirectories(indexDir);
        try (Directory dir = FSDirectory.open(indexDir)) {
            checkSetup(dir);
            try (IndexWriter writer = openWriter(dir); DirectoryReader before = DirectoryReader.open(writer)) {
                IndexedRecordings known = IndexedRecordings.read(before);
                String scope = folder ? RecordingDocuments.idOf(input) + input.getFileSystem().getSeparator() : null;
                return run(writer, files, known, scope);
            }
        }
    }

    /** What a worker decided about one file. */
    private enum Outcome { UNCHANGED, EXTRACTED, SAME_CONTENT, FAILED }

    /**
     * Result of stamping, hashing and (if needed) extracting one file on a worker thread.
     *
     * @param refreshStamp the content is unchanged but the stamp is not: store the new stamp
     */
    private record Prepared(Path file, String id, Outcome outcome, String hash, FileStamp stamp, Document doc,
                            boolean replaces, boolean refreshStamp, double seconds, List<String> warnings,
                            String error) {}

    private IndexReport run(IndexWriter writer, List<Path> files, IndexedRecordings known, String scope)
            throws IOException {
        RecordingDocuments documents = new RecordingDocuments(schema);
        ThreadPlan plan = ThreadPlan.of(options.threads(), files.size());
        WorkerSlots slots = new WorkerSlots(plan);
        ExecutorService pool = Executors.newFixedThreadPool(plan.workers(), r -> {
            Thread t = new Thread(r, "ctcr-index");
            t.setDaemon(true);
            return t;
        });
        Set<String> live = new HashSet<>();
        for (Path f : files) live.add(RecordingDocuments.idOf(f));
        Mirror mirror = new Mirror(known, live, documents);
        int added = 0, updated = 0, unchanged = 0, pending = 0;
        List<String> failed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ArrayDeque<Future<Prepared>> window = new ArrayDeque<>();
        int next = 0;
        int inFlight = plan.workers() * 2;
        boolean ok = false;
        try (ItemProgress progress = options.progress() ? ItemProgress.onStderr("index", files.size()) : ItemProgress.none()) {
            commit(writer); // records the setup even for an empty collection
            while (next < files.size() || !window.isEmpty()) {
                while (next < files.size() && window.size() < inFlight) {
                    Path file = files.get(next++);
                    window.add(pool.submit(() -> prepare(file, known, documents, progress, slots)));
                }
                Prepared p = await(window.poll());
                warnings.addAll(p.warnings);
                String line;
                switch (p.outcome) {
                    case FAILED -> {
                        failed.add(p.error);
                        line = "failed: " + p.error;
                    }
                    case UNCHANGED -> {
                        unchanged++;
                        if (p.refreshStamp) mirror.refreshStamp(writer, p.id, p.stamp);
                        line = p.id + ": unchanged";
                    }
                    case SAME_CONTENT -> {
                        Mirror.Placed placed = mirror.place(writer, p.id, p.hash, p.stamp);
                        if (placed.movedFrom() != null) {
                            line = p.id + ": moved from " + placed.movedFrom();
                        } else {
                            added++;
                            line = p.id + ": same content as " + placed.twin() + " (copied)";
                        }
                        pending++;
                    }
                    default -> {
                        writer.updateDocument(new Term(IndexSchema.FIELD_ID, p.id), p.doc);
                        mirror.written(p.id, p.hash);
                        if (p.replaces) updated++; else added++;
                        line = String.format(Locale.ROOT, "%s: %s (%s of audio)", p.id, p.replaces ? "re-indexed" : "indexed",
                                ItemProgress.clock(p.seconds));
                        pending++;
                    }
                }
                progress.itemDone(line);
                if (pending >= options.batchSize()) {
                    commit(writer);
                    pending = 0;
                }
            }
            int removed = scope == null ? 0 : mirror.removeGone(writer, scope);
            commit(writer);
            if (options.merge()) {
                progress.phase("merging segments where it pays");
                writer.maybeMerge();
                if (writer.hasUncommittedChanges()) commit(writer);
            }
            ok = true;
            int total;
            try (DirectoryReader r = DirectoryReader.open(writer)) {
                total = r.numDocs();
            }
            return new IndexReport(added, updated, unchanged, failed, total, removed, mirror.moved(),
                    mirror.duplicates(), warnings);
        } finally {
            pool.shutdownNow();
            if (!ok) writer.rollback(); // discard the uncommitted batch, as a kill would
            // extractors are closed once no worker uses them (after a failure, workers may still finish a file)
            boolean idle = false;
            try {
                idle = pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (idle) slots.close();
        }
    }

    private Prepared prepare(Path file, IndexedRecordings known, RecordingDocuments documents, ItemProgress progress,
            WorkerSlots slots) throws InterruptedException {
        String id = RecordingDocuments.idOf(file);
        List<String> warnings = new ArrayList<>();
        double[] seconds = {0};
        AudioProgress.Listener listener = new AudioProgress.Listener() {
            @Override
            public void decoded(double s) {
                seconds[0] += s;
                progress.decoded(s);
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        try {
            FileStamp stamp = FileStamp.of(file);
            IndexedRecordings.Stored old = known.get(id);
            if (old != null && stamp.equals(old.stamp())) {
                return new Prepared(file, id, Outcome.UNCHANGED, old.hash(), stamp, null, true, false, 0, warnings, null);
            }
            String hash = ContentHash.sha256(file);
            if (old != null && hash.equals(old.hash())) {
                return new Prepared(file, id, Outcome.UNCHANGED, hash, stamp, null, true, true, 0, warnings, null);
            }
            if (old == null && known.hasHash(hash)) {
                return new Prepared(file, id, Outcome.SAME_CONTENT, hash, stamp, null, false, false, 0, warnings, null);
            }
            FeatureSequence features;
            Slot slot = slots.take(); // this worker's extractor, used by no other thread meanwhile
            try {
                features = AudioProgress.during(listener, () -> slot.extractor().extract(file));
            } finally {
                slots.give(slot);
            }
            return new Prepared(file, id, Outcome.EXTRACTED, hash, stamp, documents.build(id, hash, stamp, features),
                    old != null, false, seconds[0], warnings, null);
        } catch (IOException e) {
            return new Prepared(file, id, Outcome.FAILED, null, null, null, false, false, 0, warnings, reason(file, e));
        }
    }

    /** "path: reason" for a file that could not be indexed; the reason is never empty. */
    static String reason(Path file, IOException e) {
        String msg = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) msg = "permission denied";
        else if (e instanceof java.nio.file.NoSuchFileException) msg = "file disappeared during the run";
        else if (msg == null || msg.isBlank() || msg.equals(file.toString())) msg = e.getClass().getSimpleName();
        return msg.startsWith(file.toString()) ? msg : file + ": " + msg;
    }

    private static Prepared await(Future<Prepared> f) throws IOException {
        return PreparedRecording.await(f);
    }

    /**
     * When merging pays: Lucene's tiered policy merges segments of similar size once a tier holds more than a few
     * of them, and a segment whose share of deleted recordings (removed, changed or moved files) exceeds 20 %.
     * Adding one file to a large index therefore rewrites nothing but small segments, and most runs merge nothing.
     */
    static TieredMergePolicy mergePolicy() {
        TieredMergePolicy p = new TieredMergePolicy();
        p.setSegmentsPerTier(4);
        p.setDeletesPctAllowed(20);
        return p;
    }

    /**
     * Merges the index into one segment and commits (for benchmarks that build an index once). Each segment answers every query term on its own (a terms
     * dictionary lookup per query shingle and segment), so one segment makes the candidate search of long themes
     * markedly faster; merging 1,000 audio hours (0.6 GB) takes a few seconds, far less than extracting their
     * features. The merge runs after the last batch was committed: a run killed during it leaves that commit.
     */
    public static void mergeToOneSegment(IndexWriter writer) throws IOException {
        writer.forceMerge(1);
        if (writer.hasUncommittedChanges()) writer.commit();
    }

    private void commit(IndexWriter writer) throws IOException {
        writer.setLiveCommitData(schema.toUserData().entrySet());
        writer.commit();
    }

    private IndexWriter openWriter(Directory dir) throws IOException {
        IndexWriterConfig cfg = new IndexWriterConfig();
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        cfg.setCommitOnClose(false); // only explicit, complete batches become visible
        cfg.setRAMBufferSizeMB(64);
        cfg.setMergePolicy(options.merge() ? mergePolicy() : NoMergePolicy.INSTANCE);
        cfg.setMergeScheduler(new SerialMergeScheduler()); // merges finish before the commit that follows them
        try {
            return new IndexWriter(dir, cfg);
        } catch (LockObtainFailedException e) {
            throw new InputException(indexDir, "index is locked: another indexing run is writing to it", e);
        }
    }

    /** Verifies the stored setup, if the folder holds an index. */
    private void checkSetup(Directory dir) throws IOException {
        try {
            if (!DirectoryReader.indexExists(dir)) return;
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSchema stored = IndexSnapshot.schemaOf(indexDir, reader.getIndexCommit().getUserData());
                List<String> diffs = stored.differences(schema);
                if (!diffs.isEmpty()) {
                    throw new InputException(indexDir, "index was built with a different setup (" + String.join("; ", diffs)
                            + "); use the same --features or a new index folder");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw IndexSnapshot.translate(indexDir, e);
        }
    }

    private List<Path> listAudio(Path audioDir) throws IOException {
        return listAudio(audioDir, options.extensions());
    }

    /**
     * The files under {@code audioDir} (recursively) whose lower-case extension is in {@code extensions}, sorted.
     *
     * @throws InputException if the folder cannot be listed
     */
    public static List<Path> listAudio(Path audioDir, Set<String> extensions) throws IOException {
        if (!Files.isDirectory(audioDir)) throw new InputException(audioDir, "audio folder does not exist or is not a folder");
        try (Stream<Path> s = Files.walk(audioDir)) {
            return s.filter(Files::isRegularFile).filter(p -> extensions.contains(extension(p))).sorted().toList();
        } catch (UncheckedIOException e) {
            throw new InputException(audioDir, "cannot list audio folder: " + e.getCause().getMessage(), e);
        }
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
