package org.ctcretrieval.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A SolrCloud cluster in a JVM of its own ({@code org.ctcretrieval.solr.bench.LocalCluster} of the solr module):
 * Solr's Jetty is another version than the server's, so the two cannot share a class path. The child runs until
 * its standard input is closed, so it ends with this JVM even if a test is killed.
 */
final class LocalSolrCluster implements AutoCloseable {
    private final Process process;
    private final List<String> urls;

    /**
     * Starts {@code nodes} nodes under {@code dir} with the given collections ({@code NAME:SHARDS:REPLICAS}) and
     * waits until they are active.
     */
    LocalSolrCluster(Path dir, int nodes, String... collections) throws IOException {
        String classes = System.getProperty("ctcr.cluster.classes");
        String classpathFile = System.getProperty("ctcr.cluster.classpath");
        if (classes == null || classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
            throw new IllegalStateException("the solr module's cluster class path is missing (" + classpathFile
                    + "): run the tests through Maven from the repository root");
        }
        String classpath = classes + java.io.File.pathSeparator + Files.readString(Path.of(classpathFile)).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dsolr.log.dir=" + dir.resolve("logs"),
                // its errors go to the log below (the Log4j configuration of bench-cluster)
                "-Dlog4j2.configurationFile=org/ctcretrieval/solr/bench/log4j2-cluster.xml", "-cp", classpath,
                "org.ctcretrieval.solr.bench.LocalCluster", dir.toString(), Integer.toString(nodes)));
        cmd.addAll(List.of(collections));
        Files.createDirectories(dir);
        Path log = dir.resolve("cluster.log");
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> found = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("urls ")) {
                found = List.of(line.substring(5).trim().split(","));
                break;
            }
        }
        if (found == null) {
            process.destroyForcibly();
            String tail = Files.exists(log) ? Files.readString(log) : "";
            throw new IOException("the cluster did not start: " + tail.substring(Math.max(0, tail.length() - 4000)));
        }
        urls = found;
        Thread drain = new Thread(() -> { // whatever else the child prints must not fill the pipe and block it
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "solr-cluster-output");
        drain.setDaemon(true);
        drain.start();
    }

    List<String> urls() {
        return urls;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // the child shuts the cluster down
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
