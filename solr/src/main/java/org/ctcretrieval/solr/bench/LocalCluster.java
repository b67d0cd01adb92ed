package org.ctcretrieval.solr.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.ctcretrieval.solr.Configset;

/**
 * A SolrCloud cluster on this machine, in a JVM of its own (MiniSolrCloudCluster: Jetty nodes and an embedded
 * ZooKeeper), with the configset and empty collections: for programs that cannot hold Solr's server side on their
 * own class path, such as the search server (whose Jetty is another version) and its tests.
 *
 * <p>Arguments: {@code DIR NODES NAME:SHARDS:REPLICAS...}. Prints one line {@code urls URL,URL,...} on standard
 * output once every collection is active, and runs until standard input is closed (so it ends with the program
 * that started it), then shuts the cluster down.
 */
public final class LocalCluster {
    private LocalCluster() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length < 2) throw new IllegalArgumentException("usage: LocalCluster DIR NODES [NAME:SHARDS:REPLICAS...]");
        Path dir = Path.of(argv[0]);
        MiniSolrCloudCluster cluster = start(dir, Integer.parseInt(argv[1]));
        try {
            for (int i = 2; i < argv.length; i++) {
                String[] c = argv[i].split(":");
                createCollection(cluster, c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]));
            }
            System.out.println("urls " + String.join(",", urls(cluster)));
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // runs until the parent closes the pipe (or ends)
            }
        } finally {
            cluster.shutdown();
        }
        System.exit(0); // the cluster's non-daemon threads would keep the JVM alive
    }

    /** Starts {@code nodes} nodes under {@code dir} with the configset uploaded as {@code ctcr}. */
    static MiniSolrCloudCluster start(Path dir, int nodes) throws Exception {
        return new MiniSolrCloudCluster.Builder(nodes, dir.resolve("cluster"))
                .addConfig("ctcr", Configset.writeTo(dir.resolve("configset/conf"))).build();
    }

    /** Creates a collection of the configset and waits until every replica is active. */
    static void createCollection(MiniSolrCloudCluster cluster, String name, int shards, int replicas) throws Exception {
        CollectionAdminRequest.createCollection(name, "ctcr", shards, replicas).process(cluster.getSolrClient());
        cluster.waitForActiveCollection(name, shards, shards * replicas);
    }

    /** The nodes' base URLs ({@code http://127.0.0.1:PORT/solr}). */
    static List<String> urls(MiniSolrCloudCluster cluster) throws IOException {
        List<String> urls = new ArrayList<>();
        for (JettySolrRunner j : cluster.getJettySolrRunners()) urls.add(j.getBaseUrl().toString());
        return urls;
    }
}
