package org.ctcretrieval.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigsetTest {
    @TempDir Path dir;

    @Test
    void configsetNamesThePluginClassesAndExactStatistics() throws Exception {
        Path conf = Configset.writeTo(dir.resolve("conf"));
        String config = Files.readString(conf.resolve("solrconfig.xml"));
        for (String c : new String[] {"CandidatesQParserPlugin", "DtwQParserPlugin", "WindowsTransformerFactory",
                "MatchTransformerFactory", "ChromaTransformerFactory", "ExactStatsCache"}) {
            assertTrue(config.contains(c), c);
        }
        String schema = Files.readString(conf.resolve("schema.xml"));
        for (String f : new String[] {"\"id\"", "\"sha256\"", "\"frames\"", "\"chroma\"", "\"sh1\"", "\"sh2\"", "\"sh3\""}) {
            assertTrue(schema.contains("<field name=" + f), f);
        }
    }

    @Test
    void pluginJarHoldsThePluginAndTheSharedScoringButNotTheClient() throws Exception {
        Path jar = dir.resolve(Configset.PLUGIN_JAR);
        int n = Configset.writePluginJar(jar);
        try (JarFile f = new JarFile(jar.toFile())) {
            Set<String> names = f.stream().map(e -> e.getName()).collect(Collectors.toSet());
            assertEquals(n, names.size());
            for (String c : new String[] {"org/ctcretrieval/solr/plugin/DtwQuery.class", "org/ctcretrieval/solr/ThemeParams.class",
                    "org/ctcretrieval/query/search/RecordingMatcher.class", "org/ctcretrieval/query/search/CandidateQuery.class",
                    "org/ctcretrieval/common/dtw/SubsequenceDtw.class", "org/ctcretrieval/common/index/ShingleQuantizer.class"}) {
                assertTrue(names.contains(c), c);
            }
            assertFalse(names.stream().anyMatch(s -> s.startsWith("org/ctcretrieval/solr/client/")), "no client classes");
            assertFalse(names.stream().anyMatch(s -> s.startsWith("org/apache/")), "Lucene and Solr come with Solr");
        }
    }
}
