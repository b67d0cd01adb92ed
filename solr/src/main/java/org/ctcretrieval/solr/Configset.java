package org.ctcretrieval.solr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.query.search.RecordingMatcher;

/**
 * The Solr configset of a ctc-retrieval collection: {@code schema.xml} (the fields of the embedded index)
 * and {@code solrconfig.xml} (exact distributed term statistics, the plugin's query parsers and transformers).
 */
public final class Configset {
    /** Files of the configset, in its {@code conf} folder. */
    public static final List<String> FILES = List.of("schema.xml", "solrconfig.xml");
    private static final String RESOURCES = "/org/ctcretrieval/solr/configset/conf/";

    /** File name of the plugin jar. */
    public static final String PLUGIN_JAR = "ctcr-solr-plugin.jar";

    /**
     * What the plugin jar holds, as class-file folders: the shard-side plugin, the theme parameters, and the
     * embedded searcher's scoring code it runs (shingles, windows, DTW). Lucene comes with Solr.
     */
    private static final List<String> PLUGIN_PACKAGES = List.of("org/ctcretrieval/solr/plugin/",
            "org/ctcretrieval/solr/ThemeParams", "org/ctcretrieval/query/search/", "org/ctcretrieval/common/");

    private Configset() {}

    /**
     * Writes the plugin jar, assembled from this program's own classes (so the shards run exactly the scoring code
     * of this version), to {@code file}.
     *
     * @return the number of class files written
     */
    public static int writePluginJar(Path file) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Class<?> c : List.of(Configset.class, RecordingMatcher.class, IndexSchema.class)) {
            try {
                Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!sources.contains(p)) sources.add(p);
            } catch (URISyntaxException | NullPointerException e) {
                throw new IOException("cannot locate the classes of " + c.getName(), e);
            }
        }
        int written = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            for (Path source : sources) {
                if (Files.isDirectory(source)) {
                    try (Stream<Path> files = Files.walk(source)) {
                        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            String name = source.relativize(f).toString().replace('\\', '/');
                            if (inPlugin(name) && seen.add(name)) {
                                out.putNextEntry(new JarEntry(name));
                                Files.copy(f, out);
                                out.closeEntry();
                                written++;
                            }
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(source.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            JarEntry entry = e.nextElement();
                            String name = entry.getName();
                            if (entry.isDirectory() || !inPlugin(name) || !seen.add(name)) continue;
                            out.putNextEntry(new JarEntry(name));
                            try (InputStream in = jar.getInputStream(entry)) {
                                in.transferTo(out);
                            }
                            out.closeEntry();
                            written++;
                        }
                    }
                }
            }
        }
        return written;
    }

    private static boolean inPlugin(String name) {
        if (!name.endsWith(".class")) return false;
        for (String p : PLUGIN_PACKAGES) if (name.startsWith(p)) return true;
        return false;
    }

    /** Writes the configset files into {@code confDir} (created if missing) and returns it. */
    public static Path writeTo(Path confDir) throws IOException {
        Files.createDirectories(confDir);
        for (String name : FILES) {
            try (InputStream in = Configset.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) throw new IOException("configset resource missing from the class path: " + name);
                Files.copy(in, confDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return confDir;
    }
}
