package org.ctcretrieval.cli;

import java.nio.file.Path;
import org.ctcretrieval.solr.client.SolrNodes;
import org.ctcretrieval.solr.client.SolrRecordings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that point a command at a SolrCloud collection instead of an index folder ({@code -x}); see
 * docs/scaling.md for setting the collection up.
 */
public final class SolrOptions {
    @Option(names = "--solr", paramLabel = "URLS",
            description = "Use a SolrCloud collection instead of -x: Solr node URLs, comma-separated for failover"
                    + " (e.g. http://solr1:8983/solr,http://solr2:8983/solr). Needs --collection.")
    String solr;

    @Option(names = "--collection", paramLabel = "NAME", description = "The SolrCloud collection (with --solr).")
    String collection;

    boolean given() {
        return solr != null;
    }

    /** Exactly one of {@code -x} and {@code --solr} (with {@code --collection}) must be given. */
    void requireOneTarget(Path indexDir, CommandSpec spec) {
        if (indexDir != null && solr != null) throw new ParameterException(spec.commandLine(), "give either -x or --solr, not both");
        if (indexDir == null && solr == null) throw new ParameterException(spec.commandLine(), "missing -x INDEX_DIR (or --solr URLS --collection NAME)");
        if (solr != null && collection == null) throw new ParameterException(spec.commandLine(), "--solr needs --collection NAME");
        if (solr == null && collection != null) throw new ParameterException(spec.commandLine(), "--collection needs --solr URLS");
    }

    SolrRecordings open(CommandSpec spec) {
        try {
            return new SolrRecordings(new SolrNodes(SolrNodes.parseUrls(solr), collection));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The collection as the search server takes it. */
    org.ctcretrieval.server.ServerConfig.Solr target(CommandSpec spec) {
        try {
            return new org.ctcretrieval.server.ServerConfig.Solr(SolrNodes.parseUrls(solr), collection);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code collection C at URLS}, for messages. */
    String describe() {
        return "collection " + collection + " at " + solr;
    }
}
