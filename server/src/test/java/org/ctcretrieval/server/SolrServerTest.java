package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.solr.client.SolrIndexer;
import org.ctcretrieval.solr.client.SolrNodes;
import org.ctcretrieval.solr.client.SolrRecordings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctcr serve --solr}: the server over a SolrCloud collection answers as the server over an index folder of
 * the same recordings. The cluster (one node, a collection of 2 shards, so every search is a distributed one) runs
 * in a JVM of its own; the two example recordings go into it through the indexing client.
 */
class SolrServerTest {
    static final String COLLECTION = "served";
    @TempDir static Path tmp;
    static LocalSolrCluster cluster;
    static SearchServer solr;
    static SearchServer local;
    static OpenApiValidator api;

    @BeforeAll
    static void startClusterAndServers() throws Exception {
        long t0 = System.nanoTime();
        cluster = new LocalSolrCluster(tmp.resolve("cluster"), 1, COLLECTION + ":2:1");
        FeatureExtractor extractor = FeatureExtractors.discover().create("v2_ctc_train345valid1");
        try (SolrRecordings collection = new SolrRecordings(new SolrNodes(cluster.urls(), COLLECTION))) {
            IndexReport r = new SolrIndexer(collection, extractor, IndexSchema.forFeatures(extractor.id(), extractor.frameRate(), 12),
                    CollectionIndexer.Options.defaults().withProgress(false), SolrIndexer.Partition.ALL)
                    .index(ServerFixture.root().resolve("audio"));
            assertEquals(2, r.total());
        }
        solr = SearchServer.start(ServerConfig.defaults(new ServerConfig.Solr(cluster.urls(), COLLECTION)).withPort(0));
        local = ServerFixture.start(ServerFixture.config());
        api = new OpenApiValidator(ServerFixture.get(solr, "/api/openapi.json").body());
        System.err.printf(java.util.Locale.ROOT, "SolrServerTest: cluster, collection and servers up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (solr != null) solr.close();
            if (local != null) local.close();
        } finally {
            if (cluster != null) cluster.close();
        }
    }

    private static ServerFixture.Form op67() throws Exception {
        return new ServerFixture.Form().file("theme", ServerFixture.theme());
    }

    @Test
    void searchesRankAsOnTheIndexFolder() throws Exception {
        for (String[] options : new String[][] {{"top", "5"}, {"exhaustive", "true"}, {"transpose", "true"}}) {
            HttpResponse<String> fromSolr = op67().field(options[0], options[1]).post(solr, "/api/search");
            HttpResponse<String> fromIndex = op67().field(options[0], options[1]).post(local, "/api/search");
            assertEquals(200, fromSolr.statusCode(), fromSolr.body());
            assertEquals(200, fromIndex.statusCode(), fromIndex.body());
            JsonNode got = api.check("SearchResponse", fromSolr.body()), want = api.check("SearchResponse", fromIndex.body());
            assertEquals("collection " + COLLECTION, got.get("index").asText());
            assertEquals(want.get("results").size(), got.get("results").size(), String.join("=", options));
            assertTrue(got.get("results").size() >= 1);
            assertTrue(got.at("/results/0/id").asText().endsWith(ServerFixture.OP67), fromSolr.body());
            for (int i = 0; i < want.get("results").size(); i++) {
                JsonNode w = want.get("results").get(i), g = got.get("results").get(i);
                for (String f : new String[] {"rank", "id", "recording", "name", "transposition"}) {
                    assertEquals(w.get(f), g.get(f), f + " of hit " + i + " with " + String.join("=", options));
                }
                for (String f : new String[] {"cost", "start", "end"}) {
                    assertEquals(w.get(f).asDouble(), g.get(f).asDouble(), 1e-6, f + " of hit " + i + " with " + String.join("=", options));
                }
            }
        }
    }

    @Test
    void recordingsChromaAndMatchPictureComeFromTheCollection() throws Exception {
        JsonNode health = api.check("Health", ServerFixture.get(solr, "/api/health").body());
        assertEquals(2, health.get("recordings").asInt());
        JsonNode overview = api.check("IndexOverview", ServerFixture.get(solr, "/api/index").body());
        JsonNode localOverview = api.check("IndexOverview", ServerFixture.get(local, "/api/index").body());
        assertEquals("collection " + COLLECTION, overview.get("name").asText());
        assertEquals(localOverview.get("features"), overview.get("features"));
        assertEquals(localOverview.get("audioHours"), overview.get("audioHours"));
        assertTrue(overview.get("sizeBytes").isNull() && overview.get("lastCommit").isNull(), overview.toString());

        JsonNode page = api.check("RecordingPage", ServerFixture.get(solr, "/api/recordings").body());
        assertEquals(ServerFixture.get(local, "/api/recordings").body(), ServerFixture.get(solr, "/api/recordings").body());
        String id = page.at("/recordings/1/id").asText();
        assertEquals(ServerFixture.OP67, page.at("/recordings/1/name").asText());
        assertEquals(ServerFixture.get(local, "/api/recordings/" + id).body(), ServerFixture.get(solr, "/api/recordings/" + id).body());
        api.check("RecordingDetail", ServerFixture.get(solr, "/api/recordings/" + id).body());

        String span = "/api/recordings/" + id + "/chroma?from=1&to=3";
        JsonNode chroma = api.check("Chroma", ServerFixture.get(solr, span).body());
        assertEquals(20, chroma.get("frames").size());
        assertEquals(ServerFixture.get(local, span).body(), ServerFixture.get(solr, span).body());

        HttpResponse<String> picture = op67().field("recording", id).post(solr, "/api/match");
        assertEquals(200, picture.statusCode(), picture.body());
        api.check("MatchPicture", picture.body());
        assertEquals(op67().field("recording", id).post(local, "/api/match").body(), picture.body());
        assertEquals(404, ServerFixture.get(solr, "/api/recordings/0123456789abcdef").statusCode());
    }

    @Test
    void audioAndQueriesByAudioAnswerWhyNot() throws Exception {
        String id = api.check("RecordingPage", ServerFixture.get(solr, "/api/recordings").body()).at("/recordings/0/id").asText();
        HttpResponse<String> audio = ServerFixture.get(solr, "/api/recordings/" + id + "/audio");
        assertEquals(501, audio.statusCode());
        assertTrue(api.check("Error", audio.body()).get("error").asText().contains("holds the recordings' features, not their audio"),
                audio.body());
        HttpResponse<String> byAudio = new ServerFixture.Form().file("audio", "excerpt.wav", new byte[2048]).post(solr, "/api/search");
        assertEquals(501, byAudio.statusCode());
        assertTrue(api.check("Error", byAudio.body()).get("error").asText().contains("index folder only"), byAudio.body());
    }
}
