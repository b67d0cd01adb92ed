package org.ctcretrieval.solr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Solr configset of a ctc-retrieval collection: {@code schema.xml} (the fields of the embedded index)
 * and {@code solrconfig.xml} (exact distributed term statistics, the plugin's query parsers and transformers).
 */
public final class Configset {
    /** Files of the configset, in its {@code conf} folder. */
    public static final List<String> FILES = List.of("schema.xml", "solrconfig.xml");
    private static final String RESOURCES = "/org/ctcretrieval/solr/configset/conf/";

    private Configset() {}

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
