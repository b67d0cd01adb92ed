package org.ctcretrieval.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.solr.client.SolrIndexer;
import org.ctcretrieval.solr.client.SolrRecordings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ctcr index}: extract features of every recording in a folder into a search index. */
@Command(name = "index", header = "Index a folder of recordings (incremental, crash-safe).", mixinStandardHelpOptions = true,
        description = {
            "Index every audio file under AUDIO_DIR (recursively) for theme search.",
            "",
            "Re-running is incremental: unchanged files (same SHA-256) are skipped, new and changed ones are (re)indexed. Work is committed in batches, so an interrupted run leaves a usable index and the next run resumes. The feature setup is stored in the index; indexing with another setup is refused. See docs/index-design.md for the index layout.",
            "",
            "With --solr URLS --collection NAME instead of -x, the documents go to a SolrCloud collection (features are still extracted here); each batch is committed before it counts, and --partition I/N lets N machines share the work. See docs/scaling.md."
        })
public final class IndexCommand implements Callable<Integer> {
    /** Feature extractor used when --features is not given. */
    public static final String DEFAULT_FEATURES = "v2_ctc_train345valid1";

    private final FeatureExtractors extractors;

    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "AUDIO_DIR",
            description = "Folder of recordings (searched recursively; .wav .flac .mp3 .ogg .opus .m4a .aac .aif(f) .au .wma).")
    Path audioDir;

    @Option(names = {"-x", "--index"}, paramLabel = "INDEX_DIR",
            description = "Index folder (created if missing).")
    Path indexDir;

    @Mixin SolrOptions solr;

    @Option(names = "--partition", paramLabel = "I/N",
            description = "With --solr: index only share I of N of the files (by a hash of their path), so that N"
                    + " machines can index one collection together, each running with its own I.")
    String partition;

    @Option(names = "--features", paramLabel = "ID", defaultValue = DEFAULT_FEATURES,
            description = "Feature extractor: cqt, cens or a deep-chroma model ID (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--threads", paramLabel = "N", description = "Extraction threads (default: number of cores).")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16",
            description = "Recordings per commit: at most this much work is lost when a run is killed (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "10.0",
            description = "Retrieval frame rate of the stored chroma and of DTW, in Hz (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--extensions", paramLabel = "EXT", split = ",",
            description = "File name extensions to index, comma-separated, without dots (default: the audio formats above).")
    java.util.List<String> extensions;

    @Option(names = "--no-merge",
            description = "Leave the index in several segments. By default a run that added or changed recordings ends by merging the index into one segment, which makes searches faster (a few seconds per 1,000 audio hours).")
    boolean noMerge;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    boolean noProgress;

    /** Uses the extractors found on the class path. */
    public IndexCommand() {
        this(FeatureExtractors.discover());
    }

    /** Uses the given extractor registry. */
    public IndexCommand(FeatureExtractors extractors) {
        this.extractors = extractors;
    }

    @Override
    public Integer call() throws Exception {
        solr.requireOneTarget(indexDir, spec);
        if (partition != null && !solr.given()) throw new ParameterException(spec.commandLine(), "--partition needs --solr");
        FeatureExtractor extractor = extractors.create(features);
        // The dimension of extractor output is fixed at 12 (chroma) for every extractor of this product.
        IndexSchema schema = new IndexSchema(extractor.id(), extractor.frameRate(), 12, rate, ShingleQuantizer.Params.DEFAULT);
        CollectionIndexer.Options options = CollectionIndexer.Options.defaults().withBatchSize(batch).withProgress(!noProgress)
                .withMerge(!noMerge);
        if (threads != null) options = options.withThreads(threads);
        if (extensions != null) {
            options = options.withExtensions(extensions.stream().map(e -> e.toLowerCase(java.util.Locale.ROOT).replaceFirst("^\\.", ""))
                    .collect(java.util.stream.Collectors.toSet()));
        }
        IndexReport r;
        if (solr.given()) {
            SolrIndexer.Partition share;
            try {
                share = partition == null ? SolrIndexer.Partition.ALL : SolrIndexer.Partition.parse(partition);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--partition: " + e.getMessage());
            }
            try (SolrRecordings collection = solr.open(spec)) {
                r = new SolrIndexer(collection, extractor, schema, options, share).index(audioDir);
            }
        } else {
            r = new CollectionIndexer(indexDir, extractor, schema, options).index(audioDir);
        }
        var out = spec.commandLine().getOut();
        out.printf("indexed %d new, %d changed, %d unchanged, %d failed; %d recordings in %s%n",
                r.added(), r.updated(), r.unchanged(), r.failed().size(), r.total(), solr.given() ? solr.describe() : indexDir);
        var err = spec.commandLine().getErr();
        for (String f : r.failed()) err.println("ctcr: warning: " + f);
        return r.failed().isEmpty() ? 0 : 1;
    }
}
