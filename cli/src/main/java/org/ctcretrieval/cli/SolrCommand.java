package org.ctcretrieval.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ctcretrieval.solr.Configset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr solr}: what an operator needs to run the engine on SolrCloud. */
@Command(name = "solr", header = "SolrCloud set-up: the configset and plugin for a collection.", mixinStandardHelpOptions = true,
        description = {
            "The engine can keep its recordings in a SolrCloud collection instead of an index folder: 'ctcr index',",
            "'query' and 'evaluate' take --solr URLS --collection NAME in place of -x. See docs/scaling.md."
        },
        subcommands = {SolrCommand.ConfigsetCommand.class})
public final class SolrCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code ctcr solr configset}: writes the configset and the plugin jar. */
    @Command(name = "configset", header = "Write the Solr configset and plugin jar for a ctc-retrieval collection.",
            mixinStandardHelpOptions = true,
            description = {
                "Writes OUT/conf/schema.xml and OUT/conf/solrconfig.xml (the configset) and OUT/" + Configset.PLUGIN_JAR,
                "(the shard-side candidate search and DTW, built from this program's own classes, so the shards score",
                "exactly as this version of ctcr). Then, on the Solr side (Solr 9.10):",
                "  1. copy " + Configset.PLUGIN_JAR + " into <SOLR_HOME>/lib on every node and restart the nodes;",
                "  2. bin/solr zk upconfig -n ctcr -d OUT/conf -z ZK_HOST",
                "  3. bin/solr create -c NAME -n ctcr -shards S -replicationFactor R",
                "and index with 'ctcr index -i AUDIO_DIR --solr http://NODE:8983/solr --collection NAME'."
            })
    static final class ConfigsetCommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Folder to write into (created if missing).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path conf = Configset.writeTo(out.resolve("conf"));
            int classes = Configset.writePluginJar(out.resolve(Configset.PLUGIN_JAR));
            PrintWriter w = spec.commandLine().getOut();
            w.printf(java.util.Locale.ROOT, "configset in %s (%s), plugin %s (%d classes)%n", conf, String.join(", ", Configset.FILES),
                    out.resolve(Configset.PLUGIN_JAR), classes);
            w.flush();
            return 0;
        }
    }
}
