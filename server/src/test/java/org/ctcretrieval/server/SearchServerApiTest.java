package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.query.search.SearchOptions;
import java.util.Optional;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.FusionRule;
import org.ctcretrieval.query.search.ScoreSearch;
import org.ctcretrieval.query.search.SearchResultJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API against a real server on an ephemeral loopback port, checked against its OpenAPI document. */
class SearchServerApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SearchServer server;
    private static OpenApiValidator api;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.start(ServerFixture.config().withMaxUploadBytes(256 * 1024));
        HttpResponse<String> doc = ServerFixture.get(server, "/api/openapi.json");
        assertEquals(200, doc.statusCode());
        api = new OpenApiValidator(doc.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static ServerFixture.Form op67() throws Exception {
        return new ServerFixture.Form().file("theme", ServerFixture.theme());
    }

    @Test
    void theDocumentDescribesExactlyTheRoutesTheServerHas() {
        Set<String> documented = new TreeSet<>();
        api.doc().get("paths").fieldNames().forEachRemaining(documented::add);
        assertEquals(new TreeSet<>(SearchServer.apiPaths()), documented);
        assertEquals("3.1.0", api.doc().get("openapi").asText());
    }

    @Test
    void healthAndIndexOverview() throws Exception {
        JsonNode health = api.check("Health", ServerFixture.get(server, "/api/health").body());
        assertEquals(2, health.get("recordings").asInt());
        HttpResponse<String> r = ServerFixture.get(server, "/api/index");
        JsonNode index = api.check("IndexOverview", r.body());
        assertEquals(2, index.get("recordings").asInt());
        assertEquals("v2_ctc_train345valid1", index.at("/features/id").asText());
        assertTrue(index.get("audioHours").asDouble() > 10.0 / 3600 && index.get("audioHours").asDouble() < 30.0 / 3600,
                index.toString());
        assertTrue(index.get("sizeBytes").asLong() > 1000);
        assertNotNull(index.at("/lastCommit/time").textValue());
    }

    @Test
    void searchFindsTheOrchestraRecordingFirstWithTheShapeAndFiguresOfQueryJson() throws Exception {
        HttpResponse<String> r = op67().field("top", "5").post(server, "/api/search");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode body = api.check("SearchResponse", r.body());
        JsonNode best = body.get("results").get(0);
        assertTrue(best.get("id").asText().endsWith(ServerFixture.OP67), r.body());
        assertEquals(ServerFixture.OP67, best.get("name").asText());
        assertEquals("beethoven5_op67_opening.musicxml", body.get("query").asText());

        // The same search as 'ctcr query' makes it (the feature family's query model, the fused searcher) gives
        // the same ranking and costs, and the same fields as 'query --json'.
        try (FusedSearcher searcher = FusedSearcher.open(ServerFixture.index())) {
            FusedSearcher.Result direct = ScoreSearch.search(searcher, ScoreReader.read(ServerFixture.theme(), ScoreSelection.ALL),
                    false, Optional.empty(), SearchOptions.defaults().withTop(5), FusionRule.DEFAULT);
            JsonNode expected = JSON.readTree(SearchResultJson.of(direct, searcher.features(), FusionRule.DEFAULT,
                    "index", "q", 1).toString());
            assertEquals(fieldNames(expected), fieldNames(body));
            assertEquals(expected.get("results").size(), body.get("results").size());
            for (int i = 0; i < direct.hits().size(); i++) {
                JsonNode want = expected.get("results").get(i), got = body.get("results").get(i);
                Set<String> extra = fieldNames(got);
                extra.removeAll(fieldNames(want));
                assertEquals(Set.of("recording", "name"), extra, "only the opaque id and name are added");
                for (String f : new String[] {"rank", "id", "path", "cost", "start", "end", "transposition"}) {
                    assertEquals(want.get(f), got.get(f), f + " of hit " + i);
                }
            }
        }
    }

    @Test
    void aSearchTellsWhereItsTimeWentInServerTiming() throws Exception {
        HttpResponse<String> r = op67().field("top", "3").post(server, "/api/search");
        assertEquals(200, r.statusCode(), r.body());
        String header = r.headers().firstValue("Server-Timing").orElse("");
        String pattern = api.doc().at("/paths/~1api~1search/post/responses/200/headers/Server-Timing/schema/pattern").asText();
        assertTrue(header.matches(pattern), header + " matches the document's " + pattern);
        var phases = ServerTiming.parse(header);
        assertEquals(java.util.List.of("dispatch", "read", "wait", "search", "json", "total"), java.util.List.copyOf(phases.keySet()));
        double parts = phases.get("dispatch") + phases.get("read") + phases.get("wait") + phases.get("search") + phases.get("json");
        assertEquals(phases.get("total"), parts, 0.03, header);
        double searched = api.check("SearchResponse", r.body()).get("milliseconds").asDouble();
        assertTrue(phases.get("search") >= searched - 0.06, "the search phase holds the search the answer reports: " + header);
        // other routes do not time themselves
        assertTrue(ServerFixture.get(server, "/api/health").headers().firstValue("Server-Timing").isEmpty());
    }

    @Test
    void aMidiThemeWithOptionsAlsoFindsIt() throws Exception {
        Path midi = ServerFixture.root().resolve("beethoven5_op67_opening.mid");
        HttpResponse<String> r = new ServerFixture.Form().file("theme", midi).field("transpose", "true")
                .field("exhaustive", "true").field("top", "2").post(server, "/api/search");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = api.check("SearchResponse", r.body());
        assertTrue(body.get("exhaustive").asBoolean());
        assertEquals(2, body.get("results").size());
        assertTrue(body.at("/results/0/id").asText().endsWith(ServerFixture.OP67));
        assertEquals(0, body.at("/results/0/transposition").asInt());
    }

    @Test
    void chromaAsJsonIsAQueryToo() throws Exception {
        var chroma = ScoreChroma.query(ServerFixture.theme(), ScoreSelection.ALL);
        String json = JSON.writeValueAsString(java.util.Map.of("frameRate", chroma.frameRate(), "frames", chroma.frames()));
        HttpResponse<String> r = new ServerFixture.Form().field("chroma", json).post(server, "/api/search");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(api.check("SearchResponse", r.body()).at("/results/0/id").asText().endsWith(ServerFixture.OP67));
    }

    @Test
    void scoreListsPartsStavesMeasuresTempoAndNotes() throws Exception {
        HttpResponse<String> r = op67().post(server, "/api/score");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode score = api.check("Score", r.body());
        assertEquals("musicxml", score.get("format").asText());
        assertEquals("[1]", score.at("/parts/0/staves").toString());
        assertTrue(score.get("measures").size() >= 2, r.body());
        assertTrue(score.get("notes").size() >= 8, r.body());
        assertTrue(score.get("bpmAtStart").asDouble() > 0);
        HttpResponse<String> m = op67().field("measures", "1-2").post(server, "/api/score");
        assertEquals(200, m.statusCode(), m.body());
        assertEquals(2, api.check("Score", m.body()).get("measures").size());
    }

    @Test
    void recordingsArePagedAndAddressedByOpaqueIds() throws Exception {
        JsonNode all = api.check("RecordingPage", ServerFixture.get(server, "/api/recordings").body());
        assertEquals(2, all.get("total").asInt());
        assertEquals(ServerFixture.OP67, all.at("/recordings/1/name").asText(), "name order");
        JsonNode second = api.check("RecordingPage", ServerFixture.get(server, "/api/recordings?offset=1&limit=1").body());
        assertEquals(1, second.get("recordings").size());
        assertEquals(all.at("/recordings/1/id"), second.at("/recordings/0/id"));
        String id = all.at("/recordings/1/id").asText();
        JsonNode one = api.check("RecordingDetail", ServerFixture.get(server, "/api/recordings/" + id).body());
        assertTrue(one.get("seconds").asDouble() > 5 && one.get("seconds").asDouble() < 8, one.toString());
        assertEquals(400, ServerFixture.get(server, "/api/recordings?limit=100000").statusCode());
    }

    @Test
    void audioIsServedWithByteRanges() throws Exception {
        String id = idOf(ServerFixture.OP67);
        byte[] file = Files.readAllBytes(ServerFixture.root().resolve("audio").resolve(ServerFixture.OP67));
        HttpResponse<byte[]> whole = ServerFixture.getBytes(server, "/api/recordings/" + id + "/audio");
        assertEquals(200, whole.statusCode());
        assertEquals("audio/wav", whole.headers().firstValue("Content-Type").orElse(""));
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
        assertArrayEquals(file, whole.body());

        HttpResponse<byte[]> part = ServerFixture.getBytes(server, "/api/recordings/" + id + "/audio", "Range", "bytes=1000-1099");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 1000-1099/" + file.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(file, 1000, 1100), part.body());

        HttpResponse<byte[]> tail = ServerFixture.getBytes(server, "/api/recordings/" + id + "/audio", "Range", "bytes=-10");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 10, file.length), tail.body());

        HttpResponse<String> bad = ServerFixture.get(server, "/api/recordings/" + id + "/audio", "Range", "bytes=" + file.length + "-");
        assertEquals(416, bad.statusCode());
        assertEquals("bytes */" + file.length, bad.headers().firstValue("Content-Range").orElse(""));
        api.check("Error", bad.body());
    }

    @Test
    void chromaOfASpanAndWhyItMatched() throws Exception {
        String id = idOf(ServerFixture.OP67);
        JsonNode chroma = api.check("Chroma", ServerFixture.get(server, "/api/recordings/" + id + "/chroma?from=1&to=3").body());
        assertEquals(20, chroma.get("frames").size());
        assertEquals(400, ServerFixture.get(server, "/api/recordings/" + id + "/chroma?from=3&to=1").statusCode());
        assertEquals(400, ServerFixture.get(server, "/api/recordings/" + id + "/chroma?from=x").statusCode());

        HttpResponse<String> r = op67().field("recording", id).post(server, "/api/match");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode m = api.check("MatchPicture", r.body());
        JsonNode path = m.get("path");
        int n = m.get("theme").size();
        assertEquals(0, path.get(0).get(0).asInt());
        assertEquals(n - 1, path.get(path.size() - 1).get(0).asInt());
        double rate = m.get("rate").asDouble();
        assertEquals(m.get("start").asDouble(), path.get(0).get(1).asInt() / rate, 1e-9);
        assertTrue(m.get("start").asDouble() < 1.2, "the theme starts the recording: " + m.get("start"));
        int from = m.get("from").asInt();
        assertTrue(path.get(path.size() - 1).get(1).asInt() - from < m.get("chroma").size(), "the path lies in the chroma shown");
    }

    @Test
    void unknownIdsTraversalAndFoldersAre404() throws Exception {
        for (String path : new String[] {"/api/recordings/0123456789abcdef", "/api/recordings/..%2F..%2Fetc%2Fpasswd",
                "/api/recordings/%2Fetc%2Fpasswd/audio", "/api/recordings/..%252F..%252Fetc/audio", "/api/nothing-here",
                "/vendor/", "/vendor/verovio/", "/vendor/verovio/dist/"}) {
            HttpResponse<String> r = ServerFixture.get(server, path);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertFalse(r.body().contains("<a href"), "no listing: " + path);
        }
        HttpResponse<String> r = ServerFixture.get(server, "/api/recordings/0123456789abcdef");
        assertTrue(api.check("Error", r.body()).get("error").asText().contains("no recording"));
    }

    @Test
    void badInputGets4xxJsonAndTheServerKeepsServing() throws Exception {
        byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<score-partwise><part-list/><part id=\"P1\">&e;</part></score-partwise>").getBytes(StandardCharsets.UTF_8);
        Object[][] cases = {
            {415, "/api/search", null},
            {400, "/api/search", new ServerFixture.Form().field("top", "3")},
            {400, "/api/search", op67().field("top", "abc")},
            {400, "/api/search", op67().field("top", "100000")},
            {400, "/api/search", op67().field("bpm", "-5")},
            {400, "/api/search", op67().field("measures", "9-1")},
            {400, "/api/search", op67().field("transpose", "maybe")},
            {400, "/api/search", new ServerFixture.Form().field("chroma", "{not json")},
            {400, "/api/search", new ServerFixture.Form().field("chroma", "{\"frames\": [[1,2,3]]}")},
            {422, "/api/search", new ServerFixture.Form().file("theme", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8))},
            {422, "/api/search", new ServerFixture.Form().file("theme", "evil.musicxml", xxe)},
            {422, "/api/search", op67().field("part", "Tuba")},
            {422, "/api/search", new ServerFixture.Form().file("theme", "bomb.mxl", zipBomb())},
            {413, "/api/search", new ServerFixture.Form().file("theme", "big.musicxml", new byte[300 * 1024])},
            {400, "/api/score", new ServerFixture.Form().field("part", "1")},
            {404, "/api/match", op67().field("recording", "../../etc/passwd")},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = c[2] == null
                    ? ServerFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "api/search"))
                            .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    : ((ServerFixture.Form) c[2]).post(server, (String) c[1]);
            assertEquals(c[0], r.statusCode(), c[1] + ": " + r.body());
            JsonNode err = api.check("Error", r.body());
            assertEquals(c[0], err.get("status").asInt());
            assertFalse(err.get("error").asText().contains("ctcr-serve-uploads"), "no server paths: " + r.body());
        }
        // A broken multipart body (no closing boundary, garbage) is a 400, not a crash.
        HttpResponse<String> broken = ServerFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "api/search"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"theme\"; filename=\"a\"\r\n\r\nabc"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(broken.statusCode() == 400 || broken.statusCode() == 422, broken.statusCode() + " " + broken.body());
        api.check("Error", broken.body());
        assertEquals(200, ServerFixture.get(server, "/api/health").statusCode());
        HttpResponse<String> again = op67().post(server, "/api/search");
        assertEquals(200, again.statusCode(), "still searching after bad requests");
    }

    @Test
    void securityHeadersAndNoCorsByDefault() throws Exception {
        for (String path : new String[] {"/", "/api/health", "/app.js"}) {
            HttpResponse<String> r = ServerFixture.get(server, path, "Origin", "http://elsewhere.example");
            assertEquals(200, r.statusCode(), path);
            assertEquals(SearchServer.CSP, r.headers().firstValue("Content-Security-Policy").orElse(""), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), path);
        }
        assertTrue(ServerFixture.get(server, "/").body().contains("<html"));
        assertEquals("text/html", ServerFixture.get(server, "/").headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(ServerFixture.get(server, "/app.js").headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertTrue(ServerFixture.get(server, "/style.css").headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        HttpResponse<String> verovio = ServerFixture.get(server, "/vendor/verovio/dist/verovio-toolkit-wasm.js");
        assertEquals(200, verovio.statusCode(), "the notation engine is bundled");
        assertTrue(verovio.body().length() > 1_000_000);
    }

    @Test
    void aSearchPastTheTimeoutIsStoppedWith503AndTheServerKeepsSearching() throws Exception {
        try (SearchServer s = ServerFixture.start(ServerFixture.config().withSearchTimeout(java.time.Duration.ofNanos(1)))) {
            HttpResponse<String> late = op67().post(s, "/api/search");
            assertEquals(503, late.statusCode(), late.body());
            assertTrue(late.headers().firstValue("Retry-After").isPresent());
            assertTrue(api.check("Error", late.body()).get("error").asText().contains("took longer than"), late.body());
            // each stopped search gave its slot back: the next ones are stopped too, not refused as busy
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> again = op67().post(s, "/api/search");
                assertTrue(again.statusCode() == 503 && again.body().contains("took longer than"), again.body());
            }
            assertEquals(200, ServerFixture.get(s, "/api/health").statusCode());
        }
        assertEquals(200, op67().field("top", "1").post(server, "/api/search").statusCode());
    }

    @Test
    void corsOnlyForTheConfiguredOrigin() throws Exception {
        try (SearchServer s = ServerFixture.start(ServerFixture.config().withCorsOrigin("http://music.example"))) {
            HttpResponse<String> ok = ServerFixture.get(s, "/api/health", "Origin", "http://music.example");
            assertEquals("http://music.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> other = ServerFixture.get(s, "/api/health", "Origin", "http://other.example");
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
    }

    /** A 100 KB .mxl whose one entry inflates to 100 MB. */
    private static byte[] zipBomb() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("score.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) zip.write(zeros);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String idOf(String name) throws Exception {
        JsonNode all = JSON.readTree(ServerFixture.get(server, "/api/recordings").body());
        for (JsonNode r : all.get("recordings")) if (r.get("name").asText().equals(name)) return r.get("id").asText();
        throw new AssertionError(name + " not listed: " + all);
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
