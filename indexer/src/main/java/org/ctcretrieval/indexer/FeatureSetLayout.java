package org.ctcretrieval.indexer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.io.AtomicFile;

/**
 * Layout of an index folder. An index of one feature type is a Lucene index in the folder itself (layout of
 * {@link org.ctcretrieval.common.index.IndexSchema}). An index of several feature types (a fused index, e.g.
 * {@code --features cqt,v1_ctc_train1234valid5}) holds a manifest, {@value #MANIFEST}, naming the layout version
 * and the features in order, and one such single-feature Lucene index per feature in a sub-folder named after the
 * feature. Every sub-index holds the same recordings.
 *
 * <pre>
 * INDEX/ctcr-features.properties    format=1, features=cqt,v1_ctc_train1234valid5
 * INDEX/cqt/                         Lucene index of the cqt features
 * INDEX/v1_ctc_train1234valid5/      Lucene index of the deep chroma
 * </pre>
 */
public final class FeatureSetLayout {
    /** File name of the manifest of a fused index. */
    public static final String MANIFEST = "ctcr-features.properties";
    /** Version of the fused layout; bumped whenever it changes incompatibly. */
    public static final int FORMAT_VERSION = 1;

    static final String KEY_FORMAT = "format";
    static final String KEY_FEATURES = "features";

    private FeatureSetLayout() {}

    /** Whether {@code indexDir} holds a fused (several-feature) index. */
    public static boolean isFused(Path indexDir) {
        return Files.isRegularFile(indexDir.resolve(MANIFEST));
    }

    /** The folder of {@code feature}'s Lucene index inside a fused index. */
    public static Path featureDir(Path indexDir, String feature) {
        return indexDir.resolve(feature);
    }

    /**
     * Parses a comma-separated feature list ({@code cqt,v1_ctc_train1234valid5}), in order.
     *
     * @throws IllegalArgumentException if it is empty, has an empty entry or names a feature twice
     */
    public static List<String> parseList(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            String f = s.trim();
            if (f.isEmpty()) throw new org.ctcretrieval.common.UsageException("empty feature name in list '" + text + "'");
            if (out.contains(f)) throw new org.ctcretrieval.common.UsageException("feature " + f + " is listed twice in '" + text + "'");
            out.add(f);
        }
        return out;
    }

    /**
     * The features of the index in {@code indexDir}, in manifest order: those of the manifest for a fused index,
     * the one stored feature for a single-feature index, an empty list if the folder holds no index (yet).
     *
     * @throws InputException if the manifest is unreadable or of another layout version (re-index), or the
     *                        single-feature index is unreadable
     */
    public static List<String> features(Path indexDir) throws IOException {
        if (!Files.isDirectory(indexDir)) return List.of();
        if (isFused(indexDir)) return readManifest(indexDir);
        try (Directory dir = FSDirectory.open(indexDir)) {
            if (!DirectoryReader.indexExists(dir)) return List.of();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                return List.of(IndexSnapshot.schemaOf(indexDir, reader.getIndexCommit().getUserData()).featureId());
            }
        } catch (IOException | RuntimeException e) {
            throw IndexSnapshot.translate(indexDir, e);
        }
    }

    /** The features listed by the manifest of a fused index. */
    static List<String> readManifest(Path indexDir) throws InputException {
        Path file = indexDir.resolve(MANIFEST);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file, "cannot read the index manifest: " + e.getMessage());
        }
        String format = p.getProperty(KEY_FORMAT);
        if (!Integer.toString(FORMAT_VERSION).equals(format)) {
            throw new InputException(indexDir, "fused index layout version " + format + " is not supported (this version reads "
                    + FORMAT_VERSION + "); re-index the collection into a new folder");
        }
        String list = p.getProperty(KEY_FEATURES);
        if (list == null || list.isBlank()) throw new InputException(file, "the index manifest names no features; re-index the collection");
        try {
            List<String> features = parseList(list);
            if (features.size() < 2) throw new IllegalArgumentException("a fused index needs at least 2 features: " + list);
            return features;
        } catch (IllegalArgumentException e) {
            throw new InputException(file, e.getMessage() + "; re-index the collection");
        }
    }

    /** Writes the manifest of a fused index atomically (the folder must exist). */
    static void writeManifest(Path indexDir, List<String> features) throws IOException {
        if (features.size() < 2 || new LinkedHashSet<>(features).size() != features.size()) {
            throw new IllegalArgumentException("a fused index needs at least 2 distinct features: " + features);
        }
        StringWriter w = new StringWriter();
        w.write("# ctc-retrieval fused index: one Lucene index per feature in the sub-folder of that name\n");
        w.write(KEY_FORMAT + "=" + FORMAT_VERSION + "\n");
        w.write(KEY_FEATURES + "=" + String.join(",", features) + "\n");
        byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(indexDir.resolve(MANIFEST), out -> out.write(bytes));
    }

    /** Whether two feature lists hold the same features (in any order). */
    static boolean sameSet(List<String> a, List<String> b) {
        return a.size() == b.size() && new LinkedHashSet<>(a).containsAll(b);
    }

    /** {@code a, b} for messages. */
    static String describe(List<String> features) {
        return String.join(",", features.toArray(new String[0]));
    }
}
