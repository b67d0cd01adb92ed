package org.ctcretrieval.cli;

import org.ctcretrieval.common.OptionBounds;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ctcretrieval.server.SearchServer;
import org.ctcretrieval.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr serve}: the search server and its web page. */
@Command(name = "serve", header = "Serve an index: a search page and a JSON API (until Ctrl-C).", mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Start a search server on INDEX_DIR and keep it running: a web page (open the printed address) to drop a "
                    + "score, type a theme (ABC, Plaine & Easie), or drop, choose or record audio (a sung melody, or an excerpt of a "
                    + "performance to find the others), listen to the matched span of each recording and see "
                    + "why it matched, and a JSON API described at /api/openapi.json ('POST /api/search' answers like "
                    + "'ctcr query --json', with the same ranking). INDEX_DIR may be a fused index.",
            "",
            "With --solr URLS --collection C instead of -x, the server searches a SolrCloud collection (docs/scaling.md) "
                    + "as 'ctcr query --solr' does; recordings, their chroma and the match picture come from the collection, "
                    + "while playing audio and queries by audio need an index folder (they answer 501).",
            "",
            "The searcher stays open and warm, and picks up new commits of the index: run 'ctcr index' on the same "
                    + "folder and the new recordings become searchable without a restart. The server listens on "
                    + "loopback unless --bind says otherwise."
        })
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-x", "--index"}, paramLabel = "INDEX_DIR", description = "Index folder (or --solr and --collection).")
    Path index;

    @Mixin SolrOptions solr;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServerConfig.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 = every network).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--cors", paramLabel = "ORIGIN",
            description = "Allow pages of this one origin (e.g. https://library.example) to call the API; default: none.")
    String cors;

    @Option(names = "--max-upload", paramLabel = "BYTES", defaultValue = "" + ServerConfig.DEFAULT_MAX_UPLOAD,
            description = "Largest theme upload (default: ${DEFAULT-VALUE}); larger requests get 413.")
    long maxUpload;

    @Option(names = "--max-searches", paramLabel = "N", description = "Searches run at once (default: number of cores); more wait.")
    Integer maxSearches;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "32",
            description = "Searches that may wait for a slot (default: ${DEFAULT-VALUE}); more get 503 with Retry-After.")
    int queue;

    @Option(names = "--search-threads", paramLabel = "N",
            description = "Threads one search may use (default: 1, which leaves the other cores to concurrent searches:"
                    + " the most searches per second); the number of cores gives the fastest answer to one user at a time.")
    Integer searchThreads;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest a search may run (default: ${DEFAULT-VALUE}); then it stops and its request gets 503.")
    int timeout;

    @Override
    public Integer call() throws Exception {
        solr.requireOneTarget(index, spec);
        if (searchThreads != null) OptionBounds.require("--search-threads", searchThreads, 1, 1024); // as --threads elsewhere
        // a day: a bound on a runaway search, not a setting anyone needs longer
        OptionBounds.require("--timeout", timeout, 1, 86_400);
        ServerConfig defaults = solr.given() ? ServerConfig.defaults(solr.target(spec)) : ServerConfig.defaults(index);
        ServerConfig config = defaults.withBind(bind).withPort(port).withCorsOrigin(cors).withMaxUploadBytes(maxUpload)
                .withSearchSlots(maxSearches != null ? maxSearches : defaults.maxSearches(), queue, defaults.queueWait())
                .withSearchTimeout(Duration.ofSeconds(timeout))
                .withSearchThreads(searchThreads != null ? searchThreads : defaults.searchThreads());
        var err = spec.commandLine().getErr();
        if (!InetAddress.getByName(bind).isLoopbackAddress()) {
            err.println("ctcr serve: warning: listening on " + bind + ", reachable from other machines");
        }
        SearchServer server = SearchServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        err.println("ctcr serve: " + config.describe() + " (" + server.recordings() + " recordings)");
        err.println("ctcr serve: listening on " + server.url() + " (API: " + server.url() + "api/openapi.json); Ctrl-C stops");
        err.flush();
        stopped.await();
        return 0;
    }
}
