package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running server searches recordings that an indexing run adds to its index folder, without a restart. */
class LiveIndexTest {
    @TempDir Path dir;

    @Test
    void newCommitsBecomeSearchableWhileServing() throws Exception {
        Path audio = Files.createDirectories(dir.resolve("audio"));
        Files.copy(SharedData.exampleAudio().resolve(ServerFixture.OP2), audio.resolve(ServerFixture.OP2));
        FeatureExtractor cqt = FeatureExtractors.discover().create("cqt");
        Path index = dir.resolve("index");
        CollectionIndexer indexer = new CollectionIndexer(index, cqt, IndexSchema.forFeatures(cqt.id(), cqt.frameRate(), 12),
                CollectionIndexer.Options.defaults().withProgress(false));
        indexer.index(audio);
        ObjectMapper json = new ObjectMapper();
        try (SearchServer server = SearchServer.start(ServerConfig.defaults(index).withPort(0)
                .withRefreshEvery(Duration.ofMillis(100)))) {
            assertEquals(1, json.readTree(ServerFixture.get(server, "/api/index").body()).get("recordings").asInt());
            Files.copy(SharedData.exampleAudio().resolve(ServerFixture.OP67), audio.resolve(ServerFixture.OP67));
            new CollectionIndexer(index, cqt, IndexSchema.forFeatures(cqt.id(), cqt.frameRate(), 12),
                    CollectionIndexer.Options.defaults().withProgress(false)).index(audio);
            int seen = 1;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (seen < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                seen = json.readTree(ServerFixture.get(server, "/api/index").body()).get("recordings").asInt();
            }
            assertEquals(2, seen, "the new recording is picked up");
            var hits = json.readTree(new ServerFixture.Form().file("theme", ThemeFixturesCopy.op67(dir))
                    .field("exhaustive", "true").post(server, "/api/search").body()).get("results");
            assertTrue(hits.get(0).get("id").asText().endsWith(ServerFixture.OP67), hits.toString());
        }
    }

    /** The Op. 67 theme copied into a folder. */
    static final class ThemeFixturesCopy {
        static Path op67(Path dir) throws Exception {
            return org.ctcretrieval.testdata.themes.ThemeFixtures.copy(org.ctcretrieval.testdata.themes.ThemeFixtures.BEETHOVEN5, dir);
        }
    }
}
