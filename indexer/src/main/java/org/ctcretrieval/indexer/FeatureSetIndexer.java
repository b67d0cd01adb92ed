package org.ctcretrieval.indexer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.features.FeatureSetExtractor;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * Indexes a folder for one or several feature types. One feature: the {@link CollectionIndexer} of that feature
 * in the index folder itself. Several: a fused index ({@link FeatureSetLayout}), brought up to date by one
 * {@link CollectionIndexer} run per feature on that feature's sub-index, so each sub-index mirrors the folder
 * exactly as a single-feature index does (incremental, crash-safe, moves and removals).
 *
 * <p>The features of a recording are extracted together, from one decoding and one HCQT
 * ({@link SharedHcqtFeatureSet}): when the first feature's run extracts a file, the features of the later runs
 * are kept in a temporary folder inside the index ({@value #PENDING_PREFIX}*, deleted at the end of the run and
 * at the start of the next one) and taken from there when their run reaches the file; a file whose size or
 * modification time changed in between is extracted again.
 *
 * <p>Before anything is written, the run is refused if the folder holds an index of other features.
 */
public final class FeatureSetIndexer {
    /** Name prefix of the folder of features waiting for their sub-index's run. */
    static final String PENDING_PREFIX = ".pending-features-";

    private final Path indexDir;
    private final List<FeatureExtractor> extractors;
    private final List<IndexSchema> schemas;
    private final CollectionIndexer.Options options;

    /**
     * @param extractors one per feature, in index order (the manifest's order for a new fused index)
     * @param schemas    setup of each feature's index, same order
     */
    public FeatureSetIndexer(Path indexDir, List<FeatureExtractor> extractors, List<IndexSchema> schemas,
            CollectionIndexer.Options options) {
        if (extractors.isEmpty() || extractors.size() != schemas.size()) {
            throw new IllegalArgumentException("need one schema per feature: " + extractors.size() + " extractors, "
                    + schemas.size() + " schemas");
        }
        this.indexDir = indexDir;
        this.extractors = List.copyOf(extractors);
        this.schemas = List.copyOf(schemas);
        this.options = options;
    }

    /** The feature IDs, in order. */
    public List<String> ids() {
        return extractors.stream().map(FeatureExtractor::id).toList();
    }

    /**
     * Brings the index up to date with {@code input} (see {@link CollectionIndexer#index}).
     *
     * @return the report of the first feature's run (every sub-index holds the same recordings); files that failed
     *     in any feature's run are all listed
     * @throws InputException if the folder holds an index of other features, or as {@link CollectionIndexer#index}
     */
    public IndexReport index(Path input) throws IOException {
        checkFeatureSet(indexDir, ids());
        if (extractors.size() == 1) return new CollectionIndexer(indexDir, extractors.get(0), schemas.get(0), options).index(input);
        if (!Files.exists(input)) throw new InputException(input, "no such file or folder");
        if (Files.exists(indexDir) && !Files.isDirectory(indexDir)) throw new InputException(indexDir, "not a folder (an index is a folder)");
        Files.createDirectories(indexDir);
        deletePending(indexDir);
        FeatureSetLayout.writeManifest(indexDir, ids());
        Path pending = Files.createTempDirectory(indexDir, PENDING_PREFIX);
        try {
            Pending shared = new Pending(SharedHcqtFeatureSet.of(extractors), pending);
            IndexReport first = null;
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < extractors.size(); i++) {
                IndexReport r = new CollectionIndexer(FeatureSetLayout.featureDir(indexDir, ids().get(i)),
                        shared.extractor(i, extractors.get(i)), schemas.get(i), options).index(input);
                if (first == null) first = r;
                for (String f : r.failed()) if (!failed.contains(f)) failed.add(f);
            }
            return new IndexReport(first.added(), first.updated(), first.unchanged(), failed, first.total(),
                    first.removed(), first.moved(), first.duplicates(), first.warnings());
        } finally {
            deletePending(indexDir);
        }
    }

    /**
     * Refuses, before anything is written, to index other features than those already in the folder (a fused
     * index into a single-feature one, or a different feature set). Two different single features are left to
     * the setup check of {@link CollectionIndexer}, which lists every difference.
     */
    public static void checkFeatureSet(Path indexDir, List<String> wanted) throws IOException {
        List<String> present = FeatureSetLayout.features(indexDir);
        if (present.isEmpty() || FeatureSetLayout.sameSet(present, wanted)) return;
        if (present.size() == 1 && wanted.size() == 1) return;
        throw new InputException(indexDir, "index holds the features " + FeatureSetLayout.describe(present)
                + ", this run asks for " + FeatureSetLayout.describe(wanted)
                + "; use the same --features or a new index folder");
    }

    private static void deletePending(Path indexDir) throws IOException {
        try (Stream<Path> s = Files.list(indexDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(PENDING_PREFIX)).toList()) {
                try (Stream<Path> w = Files.walk(p)) {
                    for (Path q : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
                }
            }
        }
    }

    /** Features extracted together, waiting on disk for the run of their sub-index. */
    private static final class Pending {
        private record Entry(Path file, long size, long modified) {}

        private final FeatureSetExtractor set;
        private final Path dir;
        private final Map<String, Entry>[] waiting;
        private final AtomicLong names = new AtomicLong();

        @SuppressWarnings("unchecked")
        Pending(FeatureSetExtractor set, Path dir) {
            this.set = set;
            this.dir = dir;
            this.waiting = new Map[set.ids().size()];
            for (int i = 0; i < waiting.length; i++) waiting[i] = new ConcurrentHashMap<>();
        }

        FeatureExtractor extractor(int index, FeatureExtractor own) {
            return new FeatureExtractor() {
                @Override
                public String id() {
                    return own.id();
                }

                @Override
                public double frameRate() {
                    return own.frameRate();
                }

                @Override
                public FeatureSequence extract(Path audioFile) throws IOException {
                    return Pending.this.extract(index, audioFile);
                }
            };
        }

        FeatureSequence extract(int index, Path audioFile) throws IOException {
            String key = audioFile.toAbsolutePath().normalize().toString();
            long size = Files.size(audioFile);
            long modified = Files.getLastModifiedTime(audioFile).toMillis();
            Entry e = waiting[index].remove(key);
            if (e != null) {
                try {
                    if (e.size == size && e.modified == modified) return read(e.file);
                } finally {
                    Files.deleteIfExists(e.file);
                }
            }
            List<FeatureSequence> all = set.extract(audioFile);
            for (int j = index + 1; j < all.size(); j++) {
                Path f = dir.resolve(names.incrementAndGet() + ".f32");
                write(f, all.get(j));
                Entry old = waiting[j].put(key, new Entry(f, size, modified));
                if (old != null) Files.deleteIfExists(old.file);
            }
            return all.get(index);
        }

        private static void write(Path f, FeatureSequence s) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f)))) {
                out.writeUTF(s.featureId());
                out.writeDouble(s.frameRate());
                out.writeInt(s.length());
                out.writeInt(s.dimension());
                for (float[] frame : s.frames()) for (float v : frame) out.writeFloat(v);
            }
        }

        private static FeatureSequence read(Path f) throws IOException {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
                String id = in.readUTF();
                double rate = in.readDouble();
                float[][] frames = new float[in.readInt()][in.readInt()];
                for (float[] frame : frames) for (int c = 0; c < frame.length; c++) frame[c] = in.readFloat();
                return new FeatureSequence(id, rate, frames);
            }
        }
    }
}
