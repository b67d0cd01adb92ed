package org.ctcretrieval.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ctcretrieval.server.SearchServer;
import org.ctcretrieval.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr serve}: the search server and its web page. */
@Command(name = "serve", header = "Serve an index: a search page and a JSON API (until Ctrl-C).", mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Start a search server on INDEX_DIR and keep it running: a web page (open the printed address) to drop a "
                    + "score or type a theme (ABC, Plaine & Easie), listen to the matched span of each recording and see "
                    + "why it matched, and a JSON API described at /api/openapi.json ('POST /api/search' answers like "
                    + "'ctcr query --json').",
            "",
            "The searcher stays open and warm, and picks up new commits of the index: run 'ctcr index' on the same "
                    + "folder and the new recordings become searchable without a restart. The server listens on "
                    + "loopback unless --bind says otherwise."
        })
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-x", "--index"}, required = true, paramLabel = "INDEX_DIR", description = "Index folder.")
    Path index;

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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest a request waits for its search (default: ${DEFAULT-VALUE}); then 503.")
    int timeout;

    @Override
    public Integer call() throws Exception {
        ServerConfig defaults = ServerConfig.defaults(index);
        ServerConfig config = defaults.withBind(bind).withPort(port).withCorsOrigin(cors).withMaxUploadBytes(maxUpload)
                .withSearchSlots(maxSearches != null ? maxSearches : defaults.maxSearches(), queue, defaults.queueWait())
                .withSearchTimeout(Duration.ofSeconds(timeout));
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
        err.println("ctcr serve: " + index + " (" + server.recordings() + " recordings)");
        err.println("ctcr serve: listening on " + server.url() + " (API: " + server.url() + "api/openapi.json); Ctrl-C stops");
        err.flush();
        stopped.await();
        return 0;
    }
}
