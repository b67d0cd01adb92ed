package org.ctcretrieval.solr.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.response.SolrResponseBase;
import org.apache.solr.common.SolrException;

/**
 * One SolrCloud collection reached through any of several nodes. Every node accepts requests for every
 * collection (SolrCloud routes them to the shards), so the client needs no ZooKeeper connection: a request that
 * a node cannot answer (connection refused, 5xx while a shard elects a new leader) is retried on the next node,
 * then again after a pause, until {@link #retrySeconds} have passed.
 *
 * <p>HTTP goes through the JDK's own client (SolrJ's {@link HttpJdkSolrClient}), so the client side brings no
 * Jetty.
 */
public final class SolrNodes implements Closeable {
    private final List<String> urls;
    private final List<HttpJdkSolrClient> clients = new ArrayList<>();
    private final String collection;
    private final AtomicInteger next = new AtomicInteger();
    private volatile int retrySeconds = 120;

    /**
     * @param urls       base URLs of Solr nodes, e.g. {@code http://host:8983/solr}
     * @param collection collection name
     */
    public SolrNodes(List<String> urls, String collection) {
        if (urls.isEmpty()) throw new IllegalArgumentException("no Solr URL");
        this.urls = List.copyOf(urls);
        this.collection = collection;
        for (String u : this.urls) {
            clients.add(new HttpJdkSolrClient.Builder(u).useHttp1_1(true)
                    .withConnectionTimeout(10, TimeUnit.SECONDS).withIdleTimeout(300, TimeUnit.SECONDS).build());
        }
    }

    /**
     * Parses the {@code --solr} argument: one or more comma-separated node URLs ({@code http(s)://host:port/solr}).
     *
     * @throws IllegalArgumentException naming what is wrong (e.g. a ZooKeeper address)
     */
    public static List<String> parseUrls(String arg) {
        List<String> out = new ArrayList<>();
        for (String part : arg.split(",")) {
            String u = part.trim();
            if (u.isEmpty()) continue;
            String lower = u.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new IllegalArgumentException("--solr takes node URLs such as http://host:8983/solr (comma-separated"
                        + " for failover), not '" + u + "'; a ZooKeeper address is not needed, any node routes requests");
            }
            URI uri = URI.create(u);
            if (uri.getHost() == null) throw new IllegalArgumentException("--solr: no host in '" + u + "'");
            out.add(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--solr: no URL given");
        return out;
    }

    public String collection() {
        return collection;
    }

    public List<String> urls() {
        return urls;
    }

    /** How long a request keeps trying while no node answers it (default 120 s). */
    public void setRetrySeconds(int seconds) {
        this.retrySeconds = seconds;
    }

    /**
     * Sends a request to the collection, failing over between nodes.
     *
     * @throws SolrRequestException if Solr refuses the request (4xx), or no node answered it in time
     */
    public <T extends SolrResponseBase> T request(SolrRequest<T> request) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(retrySeconds);
        Exception last = null;
        for (int attempt = 0; ; attempt++) {
            int first = next.getAndIncrement();
            for (int k = 0; k < clients.size(); k++) {
                int i = Math.floorMod(first + k, clients.size());
                try {
                    return request.process(clients.get(i), collection);
                } catch (SolrException e) {
                    if (e.code() < 500 && e.code() != 404) {
                        throw new SolrRequestException(urls.get(i) + " (collection " + collection + "): " + e.getMessage(), e);
                    }
                    last = e;
                } catch (SolrServerException | IOException e) {
                    last = e;
                }
            }
            if (System.nanoTime() > deadline) break;
            try {
                Thread.sleep(Math.min(2000, 250L << Math.min(attempt, 3)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new SolrRequestException("no Solr node of " + urls + " answered for collection " + collection + " within "
                + retrySeconds + " s: " + (last == null ? "" : last.getMessage()), last);
    }

    /** Solr refused a request, or no node answered. */
    public static final class SolrRequestException extends IOException {
        SolrRequestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() throws IOException {
        for (HttpJdkSolrClient c : clients) c.close();
    }
}
