package org.ctcretrieval.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.testdata.themes.ThemeFixtures;

/**
 * The collection the server tests search, built once per test run: the two real example recordings (Beethoven
 * Op. 67 by an orchestra, Op. 2 no. 2 on piano) indexed with deep chroma, and the hand-entered Op. 67 theme.
 */
final class ServerFixture {
    static final String OP67 = "Beethoven_Op067-01_DavidHighSchool.wav";
    static final String OP2 = "Beethoven_Op002-2-01_Pitman.wav";
    private static Path root;

    private ServerFixture() {}

    static synchronized Path root() throws IOException {
        if (root != null) return root;
        Path dir = Files.createTempDirectory("ctcr-server-test");
        Path audio = Files.createDirectories(dir.resolve("audio"));
        for (String name : List.of(OP67, OP2)) {
            Files.copy(SharedData.require(SharedData.exampleAudio().resolve(name), "example recording"), audio.resolve(name));
        }
        FeatureExtractor extractor = FeatureExtractors.discover().create("v2_ctc_train345valid1");
        new CollectionIndexer(dir.resolve("index"), extractor,
                IndexSchema.forFeatures(extractor.id(), extractor.frameRate(), 12),
                CollectionIndexer.Options.defaults().withProgress(false)).index(audio);
        ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        ThemeFixtures.beethoven5Midi(dir);
        root = dir;
        return dir;
    }

    static Path index() throws IOException {
        return root().resolve("index");
    }

    static Path theme() throws IOException {
        return root().resolve(ThemeFixtures.BEETHOVEN5);
    }

    /** A server on an ephemeral loopback port over the fixture index. */
    static SearchServer start(ServerConfig config) throws IOException {
        return SearchServer.start(config.withPort(0));
    }

    static ServerConfig config() throws IOException {
        return ServerConfig.defaults(index()).withPort(0);
    }

    // ---- a small HTTP client for the tests ----

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<String> get(SearchServer s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(SearchServer s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A multipart/form-data body: {@code fields} as text parts, {@code files} (field -> file) as file parts. */
    static final class Form {
        final String boundary = "ctcr" + UUID.randomUUID().toString().replace("-", "");
        private final List<byte[]> parts = new ArrayList<>();

        Form field(String name, String value) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Form file(String name, String filename, byte[] content) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(content);
            parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Form file(String name, Path file) throws IOException {
            return file(name, file.getFileName().toString(), Files.readAllBytes(file));
        }

        byte[] body() {
            var out = new java.io.ByteArrayOutputStream();
            for (byte[] p : parts) out.writeBytes(p);
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        HttpResponse<String> post(SearchServer s, String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body())).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
