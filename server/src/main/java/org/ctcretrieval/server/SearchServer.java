package org.ctcretrieval.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.index.IndexCommit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.score.ScoreJson;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.SearchResultJson;

/**
 * {@code ctcr serve}: the JSON API (described in {@code /api/openapi.json}) and the web page over a live index.
 * One process keeps the searcher warm and picks up new commits of the index ({@link LiveIndex}). Instead of an
 * index folder it may serve a SolrCloud collection ({@link SolrSource}): themes are searched as {@code ctcr query
 * --solr} searches them, recordings and their chroma come from the collection; what needs the audio files or an
 * embedded index (the audio route, queries by audio) answers 501 with the reason.
 */
public final class SearchServer implements AutoCloseable {
    /** Sent with every response: the page loads only its own scripts (Verovio needs WebAssembly). */
    static final String CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            + "img-src 'self' blob: data:; media-src 'self'; connect-src 'self'; font-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AUDIO_TYPES = Map.of("wav", "audio/wav", "mp3", "audio/mpeg",
            "flac", "audio/flac", "ogg", "audio/ogg", "oga", "audio/ogg", "opus", "audio/ogg", "m4a", "audio/mp4",
            "aif", "audio/aiff", "aiff", "audio/aiff", "au", "audio/basic");

    private final ServerConfig config;
    /** The index folder's live index, or null when the server searches a SolrCloud collection. */
    private final LiveIndex index;
    /** The SolrCloud collection, or null when the server searches an index folder. */
    private final SolrSource solr;
    private final SearchGate gate;
    private final Path uploads;
    private final Javalin app;

    private SearchServer(ServerConfig config) throws IOException {
        this.config = config;
        this.index = config.index() != null ? new LiveIndex(config.index(), config.refreshEvery()) : null;
        this.solr = config.solr() != null ? SolrSource.open(config.solr(), config.refreshEvery()) : null;
        this.gate = new SearchGate(config.maxSearches(), config.queueLength(), config.queueWait(), config.searchTimeout());
        this.uploads = Files.createTempDirectory("ctcr-serve-uploads");
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = config.maxUploadBytes();
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, config.maxUploadBytes()), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.cacheDirectory(uploads.toString());
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
                sf.precompress = false; // Javalin does not serve precompressed files over 2 MB (Verovio is 7 MB)
                sf.headers = Map.of("Cache-Control", "no-cache");
            });
            if (config.corsOrigin() != null) {
                cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.allowHost(config.corsOrigin())));
            }
        });
        routes();
    }

    /** Opens the index and starts listening; {@link #port()} tells the port when the config asked for 0. */
    public static SearchServer start(ServerConfig config) throws IOException {
        SearchServer s = new SearchServer(config);
        try {
            s.app.start(config.bind(), config.port());
            for (Connector c : s.app.jettyServer().server().getConnectors()) {
                if (c instanceof ServerConnector sc) sc.setIdleTimeout(config.idleTimeout().toMillis());
            }
        } catch (RuntimeException e) {
            s.close();
            throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return "http://" + host + ":" + port() + "/";
    }

    /** Recordings in the index generation now being searched. */
    public int recordings() throws IOException {
        if (solr != null) return solr.catalog().size();
        IndexGeneration g = index.acquire();
        try {
            return g.catalog.size();
        } finally {
            index.release(g);
        }
    }

    private void routes() {
        app.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            Long length = ctx.contentLength() >= 0 ? (long) ctx.contentLength() : null;
            if (length != null && length > config.maxUploadBytes()) {
                throw new ApiError(413, "request body of " + length + " bytes is larger than the limit of "
                        + config.maxUploadBytes() + " bytes");
            }
        });
        // The page itself (the static handler would not give the folder's welcome file a content type).
        app.get("/", ctx -> {
            try (InputStream in = SearchServer.class.getResourceAsStream("/web/index.html")) {
                ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(in.readAllBytes());
            }
        });
        app.get("/api/health", ctx -> send(ctx, 200, Map.of("status", "ok", "recordings", recordings())));
        app.get("/api/openapi.json", ctx -> {
            try (InputStream in = SearchServer.class.getResourceAsStream("/openapi.json")) {
                ctx.contentType("application/json").result(in.readAllBytes());
            }
        });
        app.get("/api/index", ctx -> {
            if (solr != null) send(ctx, 200, solrOverview());
            else withIndex(ctx, this::indexOverview);
        });
        app.get("/api/recordings", ctx -> withRecordings(ctx, g -> {
            int offset = queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = queryInt(ctx, "limit", 50, 1, 500);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", g.catalog().size());
            out.put("offset", offset);
            out.put("limit", limit);
            out.put("recordings", g.catalog().page(offset, limit).stream().map(SearchServer::summary).toList());
            return out;
        }));
        app.get("/api/recordings/{id}", ctx -> withRecordings(ctx, g -> {
            Recording r = g.catalog().get(ctx.pathParam("id"));
            Map<String, Object> out = summary(r);
            out.put("sha256", r.sha256());
            out.put("features", features(g.schema()));
            return out;
        }));
        app.get("/api/recordings/{id}/audio", this::audio);
        app.get("/api/recordings/{id}/chroma", ctx -> withRecordings(ctx, g -> chroma(ctx, g)));
        app.post("/api/search", this::search);
        app.post("/api/score", ctx -> {
            ThemeRequest req = new ThemeRequest(ctx, uploads);
            ScoreSelection sel = req.selection();
            send(ctx, 200, ScoreJson.of(req.score(), req.label(), sel.staff(), sel.fermataFactor()));
        });
        app.post("/api/match", this::match);

        app.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfter > 0) ctx.header("Retry-After", Integer.toString(e.retryAfter));
            error(ctx, e.status, e.getMessage());
        });
        app.exception(Exception.class, (e, ctx) -> {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("exceeds") && (msg.contains("maxRequestSize") || msg.contains("maxFileSize")
                    || msg.contains("max")) || e.getClass().getSimpleName().contains("TooLarge")) {
                error(ctx, 413, "upload larger than the limit of " + config.maxUploadBytes() + " bytes");
            } else if (e instanceof IllegalArgumentException) {
                error(ctx, 400, msg);
            } else if (e instanceof IOException || e instanceof UncheckedIOException || isMultipartFailure(e)) {
                // a body the server cannot read (broken multipart, a client that went away)
                error(ctx, 400, "cannot read the request: " + msg);
            } else {
                System.err.println("ctcr serve: error on " + ctx.method() + " " + ctx.path() + ": " + e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
            }
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) error(ctx, 404, "no such page or API: " + ctx.path());
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path());
        });
    }

    private static boolean isMultipartFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.servlet.ServletException || t instanceof IOException) return true;
        }
        return false;
    }

    private interface IndexJob {
        Object apply(IndexGeneration g) throws Exception;
    }

    private interface SourceJob {
        Object apply(RecordingSource source) throws Exception;
    }

    /** Runs a job on the recordings of the collection or of the current index generation, and sends its answer. */
    private void withRecordings(Context ctx, SourceJob job) throws Exception {
        if (solr != null) {
            send(ctx, 200, job.apply(solr));
        } else {
            withIndex(ctx, job::apply);
        }
    }

    private void withIndex(Context ctx, IndexJob job) throws Exception {
        IndexGeneration g = index.acquire();
        try {
            send(ctx, 200, job.apply(g));
        } finally {
            index.release(g);
        }
    }

    private void search(Context ctx) throws Exception {
        ServerTiming timing = timing(ctx);
        ThemeRequest req = new ThemeRequest(ctx, uploads);
        var options = req.options(config.searchThreads());
        AudioRequest audio = AudioRequest.of(ctx, req);
        if (audio != null) {
            if (solr != null) {
                throw new ApiError(501, "queries by audio are searched on an index folder only (ctcr serve -x INDEX);"
                        + " this server searches SolrCloud collection " + solr.name());
            }
            searchAudio(ctx, audio, options, timing);
            return;
        }
        var rule = req.fusion();
        String label = req.label();
        if (solr != null) {
            List<FeatureSequence> queries = req.queries(solr.features());
            ObjectNode json = timedSearch(timing, options, timed -> {
                long t0 = System.nanoTime();
                FusedSearcher.Result r;
                try {
                    r = solr.search(queries.get(0), timed);
                } catch (IllegalArgumentException e) {
                    throw new ApiError(422, e.getMessage());
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                timing.lap("search");
                return withRecordings(SearchResultJson.of(r, solr.features(), rule, "collection " + solr.name(), label, ms),
                        solr.catalog());
            });
            sendTimed(ctx, json, timing);
            return;
        }
        IndexGeneration held = index.acquire();
        List<FeatureSequence> queries;
        try {
            queries = req.queries(held.searcher.features());
        } finally {
            index.release(held);
        }
        ObjectNode json = timedSearch(timing, options, timed -> {
            IndexGeneration g = index.acquire();
            try {
                long t0 = System.nanoTime();
                FusedSearcher.Result r;
                try {
                    r = g.searcher.search(queries, timed, rule);
                } catch (IllegalArgumentException e) {
                    throw new ApiError(422, e.getMessage());
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                timing.lap("search");
                return withRecordings(SearchResultJson.of(r, g.searcher.features(), rule,
                        String.valueOf(index.dir().getFileName()), label, ms), g.catalog);
            } finally {
                index.release(g);
            }
        });
        sendTimed(ctx, json, timing);
    }

    /**
     * A search by audio ({@link AudioRequest}); the answer has the shape of a score search's. Its {@code search}
     * phase includes decoding the audio and computing its chroma.
     */
    private void searchAudio(Context ctx, AudioRequest req, SearchOptions options, ServerTiming timing) throws Exception {
        ObjectNode json = timedSearch(timing, options, timed -> {
            IndexGeneration g = index.acquire();
            try {
                AudioSearch audio = g.audio();
                long t0 = System.nanoTime();
                SearchResult r = req.search(audio, timed, uploads);
                double ms = (System.nanoTime() - t0) / 1e6;
                timing.lap("search");
                ObjectNode root = SearchResultJson.of(r, String.valueOf(index.dir().getFileName()), req.label(), ms);
                root.putArray("features").add(audio.searcher(req.kind()).index().schema().featureId());
                return withRecordings(root, g.catalog);
            } finally {
                index.release(g);
            }
        });
        sendTimed(ctx, json, timing);
    }

    /**
     * The timing of a request from the moment Jetty read its headers; its first phase, {@code dispatch}, is the time
     * until the handler started (Jetty's hand-over to a request thread, Javalin's routing and before-handlers).
     */
    private static ServerTiming timing(Context ctx) {
        Request base = Request.getBaseRequest(ctx.req());
        long begin = base == null ? 0 : base.getBeginNanoTime();
        if (begin == 0 || begin - System.nanoTime() > 0) return new ServerTiming();
        ServerTiming t = new ServerTiming(begin);
        t.lap("dispatch");
        return t;
    }

    /**
     * Runs a search in the gate and times it: {@code read} (the request, until now), {@code wait} (for a search
     * slot), {@code search} (lapped by {@code work} when its search is done) and {@code json} (the answer built).
     * {@code work} searches with {@code options} given the gate's deadline.
     */
    private ObjectNode timedSearch(ServerTiming timing, SearchOptions options, TimedWork work) throws Exception {
        timing.lap("read");
        return gate.run(deadline -> {
            timing.lap("wait");
            ObjectNode out = work.run(options.withDeadline(deadline));
            timing.lap("json");
            return out;
        });
    }

    /** The search of a request and the answer it makes, given the search's options. */
    @FunctionalInterface
    private interface TimedWork {
        ObjectNode run(SearchOptions options) throws Exception;
    }

    /** Beside the shape of 'ctcr query --json': per hit the opaque id that the recording API takes, and the name. */
    private static ObjectNode withRecordings(ObjectNode root, RecordingCatalog catalog) {
        for (var hit : root.withArray("results")) {
            Recording rec = catalog.byPath(hit.get("id").asText());
            ((ObjectNode) hit).put("recording", rec == null ? null : rec.key());
            ((ObjectNode) hit).put("name", rec == null ? null : rec.name());
        }
        return root;
    }

    private void match(Context ctx) throws Exception {
        ThemeRequest req = new ThemeRequest(ctx, uploads);
        String key = ctx.formParam("recording");
        Integer shift = req.integer("transposition", -11, 11);
        Object picture = gate.run(deadline -> {
            if (solr != null) {
                Recording r = solr.catalog().get(key);
                return MatchPicture.of(solr, r, req.queries(solr.features()).get(0), shift == null ? 0 : shift);
            }
            IndexGeneration g = index.acquire();
            try {
                Recording r = g.catalog.get(key);
                // the picture shows the first feature (the only one unless the index is fused)
                FeatureSequence query = req.queries(g.searcher.features()).get(0);
                return MatchPicture.of(g, r, query, shift == null ? 0 : shift);
            } finally {
                index.release(g);
            }
        });
        send(ctx, 200, picture);
    }

    private Map<String, Object> indexOverview(IndexGeneration g) throws IOException {
        IndexSnapshot snap = g.first();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", String.valueOf(index.dir().getFileName()));
        out.put("recordings", g.catalog.size());
        out.put("audioHours", Math.round(g.catalog.totalSeconds() / 3600 * 1e4) / 1e4);
        out.put("features", features(snap.schema()));
        long bytes = 0;
        try (var files = Files.list(index.dir())) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) bytes += Files.size(f);
        }
        out.put("sizeBytes", bytes);
        IndexCommit commit = snap.reader().getIndexCommit();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("generation", commit.getGeneration());
        try {
            c.put("time", Instant.ofEpochMilli(Files.getLastModifiedTime(index.dir().resolve(commit.getSegmentsFileName())).toMillis()).toString());
        } catch (NoSuchFileException e) {
            c.put("time", null); // a newer commit replaced it a moment ago
        }
        out.put("lastCommit", c);
        return out;
    }

    /**
     * The overview of a SolrCloud collection: its recordings, audio hours and feature setup. Its size on disk is
     * spread over the nodes and its commits are per shard: both are null.
     */
    private Map<String, Object> solrOverview() {
        RecordingCatalog catalog = solr.catalog();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", "collection " + solr.name());
        out.put("recordings", catalog.size());
        out.put("audioHours", Math.round(catalog.totalSeconds() / 3600 * 1e4) / 1e4);
        out.put("features", features(solr.schema()));
        out.put("sizeBytes", null);
        out.put("lastCommit", null);
        return out;
    }

    private static Map<String, Object> features(IndexSchema s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", s.featureId());
        f.put("frameRate", s.featureRate());
        f.put("dimension", s.dimension());
        f.put("retrievalRate", s.retrievalRate());
        f.put("description", s.describe());
        return f;
    }

    private static Map<String, Object> summary(Recording r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.key());
        m.put("name", r.name());
        m.put("path", r.path());
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        m.put("frames", r.frames());
        return m;
    }

    private Object chroma(Context ctx, RecordingSource g) throws IOException {
        Recording r = g.catalog().get(ctx.pathParam("id"));
        IndexSchema s = g.schema();
        double rate = s.retrievalRate();
        double from = queryNumber(ctx, "from", 0);
        double to = queryNumber(ctx, "to", r.seconds());
        if (!(from >= 0 && to > from)) throw ApiError.badRequest("need 0 <= from < to (seconds): from=" + from + ", to=" + to);
        if (to - from > 600) throw ApiError.badRequest("at most 600 s of chroma per request");
        int f0 = (int) Math.min(r.frames(), Math.floor(from * rate));
        int f1 = (int) Math.min(r.frames(), Math.ceil(to * rate));
        byte[] codes = g.chroma(r);
        int d = s.dimension();
        float[] flat = org.ctcretrieval.common.index.RetrievalFeatures.dequantizeNormalized(codes, f0 * d, (f1 - f0) * d, d);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.key());
        out.put("rate", rate);
        out.put("from", f0 / rate);
        out.put("frames", MatchPicture.rows(flat, 0, f1 - f0, d));
        return out;
    }

    private void audio(Context ctx) throws Exception {
        if (solr != null) {
            Recording r = solr.catalog().get(ctx.pathParam("id"));
            throw new ApiError(501, "the audio of '" + r.name() + "' is not served: SolrCloud collection " + solr.name()
                    + " holds the recordings' features, not their audio files");
        }
        Recording r;
        IndexGeneration g = index.acquire();
        try {
            r = g.catalog.get(ctx.pathParam("id"));
        } finally {
            index.release(g);
        }
        Path file = Path.of(r.path());
        if (!Files.isRegularFile(file)) throw ApiError.notFound("the audio file of '" + r.name() + "' is no longer on disk");
        long size = Files.size(file);
        String name = r.name().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        ctx.contentType(AUDIO_TYPES.getOrDefault(ext, "application/octet-stream"));
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "no-cache");
        ByteRange range;
        try {
            range = ByteRange.parse(ctx.header("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            ctx.header("Content-Range", "bytes */" + size);
            error(ctx, 416, "range outside the file (" + size + " bytes)");
            return;
        }
        SeekableByteChannel ch = Files.newByteChannel(file);
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        ch.position(first);
        if (range != null) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        // Javalin sets Content-Length when it knows it; it closes the stream when written.
        ctx.header("Content-Length", Long.toString(length));
        ctx.result(new BoundedInputStream(Channels.newInputStream(ch), length));
    }

    private static int queryInt(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? dflt : ThemeRequest.wholeNumber(name, v, min, max);
    }

    private static double queryNumber(Context ctx, String name, double dflt) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? dflt : ThemeRequest.number(name, v, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    private static void send(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    /** Sends a search's answer with its {@link ServerTiming} ({@code json}: building and writing the answer). */
    private static void sendTimed(Context ctx, ObjectNode json, ServerTiming timing) throws IOException {
        byte[] body = JSON.writeValueAsBytes(json);
        timing.lap("json");
        ctx.header(ServerTiming.HEADER, timing.header());
        ctx.status(200).contentType("application/json").result(body);
    }

    private static void error(Context ctx, int status, String message) {
        try {
            send(ctx, status, Map.of("status", status, "error", message));
        } catch (IOException e) {
            ctx.status(status).result(message);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            app.stop();
        } finally {
            if (index != null) index.close();
            if (solr != null) solr.close();
            try (var files = Files.list(uploads)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // the temporary folder goes with the next reboot
            }
            Files.deleteIfExists(uploads);
        }
    }

    /** Lists what the server offers, for a test that compares it with the OpenAPI document. */
    static List<String> apiPaths() {
        return List.of("/api/health", "/api/openapi.json", "/api/index", "/api/recordings", "/api/recordings/{id}",
                "/api/recordings/{id}/audio", "/api/recordings/{id}/chroma", "/api/search", "/api/score", "/api/match");
    }
}
