package org.ctcretrieval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureSetIndexer;
import org.ctcretrieval.indexer.FeatureSetLayout;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.common.OptionBounds;
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
            "Index every audio file under AUDIO (a folder, searched recursively, or one file) for theme search.",
            "",
            "The index mirrors the folder. Re-running is incremental: files whose size and modification time are unchanged are skipped without reading them, files whose content (SHA-256) is unchanged after hashing; new and changed files are (re)indexed. A renamed or moved file is moved in the index, not extracted again; recordings under AUDIO whose files are gone are removed. The same content under two paths is indexed under both and reported. Work is committed in batches, so an interrupted run leaves a usable index and the next run resumes. The feature setup is stored in the index; indexing with another setup is refused. See docs/index-design.md for the index layout.",
            "",
            "With --solr URLS --collection NAME instead of -x, the documents go to a SolrCloud collection (features are still extracted here; one feature): incremental by content hash, each batch committed before it counts, and --partition I/N lets N machines share the work; files that are gone are not removed from the collection. See docs/scaling.md.",
            "",
            "Exit status: 0 on success, 1 if some files could not be indexed (each is named with the reason), 2 on a usage or input error."
        })
public final class IndexCommand implements Callable<Integer> {
    /**
     * Features used when --features is not given: the ISMIR 2020 model, the best single feature on the ASAP
     * benchmark with onset-weighted queries (docs/fusion.md) and on real recordings. The fused set
     * {@code cqt,v1_ctc_train1234valid5} ranks better still, but the search server and bench-search open
     * single-feature indexes only.
     */
    public static final String DEFAULT_FEATURES = "v1_ctc_train1234valid5";

    private final FeatureExtractors extractors;

    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "AUDIO",
            description = "Folder of recordings (searched recursively; .wav .flac .mp3 .ogg .opus .m4a .aac .aif(f) .au .wma), or one audio file.")
    Path audioDir;

    @Option(names = {"-x", "--index"}, paramLabel = "INDEX_DIR",
            description = "Index folder (created if missing).")
    Path indexDir;

    @Mixin SolrOptions solr;

    @Option(names = "--partition", paramLabel = "I/N",
            description = "With --solr: index only share I of N of the files (by a hash of their path), so that N"
                    + " machines can index one collection together, each running with its own I.")
    String partition;

    @Option(names = "--features", paramLabel = "ID[,ID...]", defaultValue = DEFAULT_FEATURES,
            description = "Feature extractor: cqt, cens or a deep-chroma model ID (default: ${DEFAULT-VALUE}). Several, "
                    + "comma-separated, make a fused index whose searches combine the features (e.g. "
                    + "cqt,v1_ctc_train1234valid5; decoding and HCQT are shared). A folder keeps the feature set of its first run.")
    String features;

    @Option(names = "--threads", paramLabel = "N", description = "Computing threads (default: number of cores). One "
            + "recording per thread is extracted at a time, each with its own model session; a folder with fewer "
            + "recordings than threads gives each recording several.")
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
            description = "Never merge index segments in this run. By default Lucene's tiered merge policy merges segments when enough of similar size have accumulated or a segment holds more than 20 %% deleted recordings, so most runs rewrite little or nothing.")
    boolean noMerge;

    @Option(names = "--no-progress",
            description = "Do not show progress. By default a progress bar (files and seconds of audio decoded) is shown when stderr is a terminal, one line per file otherwise.")
    boolean noProgress;

    @Option(names = "--json", description = "Print the outcome as JSON on stdout (counts, failures with reasons, duplicates, warnings).")
    boolean json;

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
        OptionBounds.require("--threads", threads == null ? 1 : threads, 1, 1024);
        OptionBounds.require("--batch", batch, 1, 1_000_000);
        OptionBounds.require("--rate", rate, 0.5, 100);
        IndexReport r;
        // Every name is checked before the index folder is touched.
        List<String> ids = FeatureSetLayout.parseList(features);
        CollectionIndexer.Options options = CollectionIndexer.Options.defaults().withBatchSize(batch).withProgress(!noProgress)
                .withMerge(!noMerge);
        if (threads != null) options = options.withThreads(threads);
        if (extensions != null) {
            options = options.withExtensions(extensions.stream().map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                    .collect(Collectors.toSet()));
        }
        if (solr.given()) {
            if (ids.size() != 1) throw new ParameterException(spec.commandLine(), "--solr takes one feature in --features");
            SolrIndexer.Partition share;
            try {
                share = partition == null ? SolrIndexer.Partition.ALL : SolrIndexer.Partition.parse(partition);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--partition: " + e.getMessage());
            }
            // one extractor shared by the extraction threads, as the embedded indexer's shared-extractor mode
            try (FeatureExtractor extractor = extractors.createAll(ids).get(0); SolrRecordings collection = solr.open(spec)) {
                IndexSchema schema = new IndexSchema(extractor.id(), extractor.frameRate(), 12, rate, ShingleQuantizer.Params.DEFAULT);
                r = new SolrIndexer(collection, extractor, schema, options, share).index(audioDir);
            }
        } else if (ids.size() == 1) {
            IndexSchema schema;
            try (FeatureExtractor extractor = extractors.createAll(ids).get(0)) {
                // The dimension of extractor output is fixed at 12 (chroma) for every extractor of this product.
                schema = new IndexSchema(extractor.id(), extractor.frameRate(), 12, rate, ShingleQuantizer.Params.DEFAULT);
            } // the workers make their own extractors (see ThreadPlan)
            FeatureSetIndexer.checkFeatureSet(indexDir, ids);
            r = new CollectionIndexer(indexDir, t -> extractors.create(ids.get(0), t), schema, options).index(audioDir);
        } else {
            // A fused index: one extractor per feature, shared by the workers, its work shared between the features.
            List<FeatureExtractor> list = extractors.createAll(ids);
            try {
                List<IndexSchema> schemas = new ArrayList<>();
                for (FeatureExtractor x : list) {
                    schemas.add(new IndexSchema(x.id(), x.frameRate(), 12, rate, ShingleQuantizer.Params.DEFAULT));
                }
                r = new FeatureSetIndexer(indexDir, list, schemas, options).index(audioDir);
            } finally {
                for (FeatureExtractor x : list) x.close();
            }
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        boolean nothingFound = r.added() + r.updated() + r.unchanged() + r.moved() + r.failed().size() == 0;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("index", solr.given() ? solr.describe() : indexDir.toAbsolutePath().normalize().toString());
            doc.put("input", audioDir.toAbsolutePath().normalize().toString());
            doc.put("features", features);
            doc.put("added", r.added());
            doc.put("changed", r.updated());
            doc.put("unchanged", r.unchanged());
            doc.put("moved", r.moved());
            doc.put("removed", r.removed());
            doc.put("failed", r.failed());
            doc.put("duplicates", r.duplicates());
            doc.put("warnings", r.warnings());
            doc.put("recordings", r.total());
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            out.printf(Locale.ROOT, "indexed %d new, %d changed, %d unchanged, %d moved, %d removed, %d failed; %d recordings in %s%n",
                    r.added(), r.updated(), r.unchanged(), r.moved(), r.removed(), r.failed().size(), r.total(),
                    solr.given() ? solr.describe() : indexDir);
        }
        for (String d : r.duplicates()) err.println("ctcr: note: " + d + " (indexed under both paths)");
        for (String w : r.warnings()) err.println("ctcr: warning: " + w);
        for (String f : r.failed()) err.println("ctcr: warning: not indexed: " + f);
        if (nothingFound) {
            err.println("ctcr: note: " + audioDir + " holds no audio files with the extensions "
                    + (extensions == null ? "wav, flac, mp3, ogg, oga, opus, m4a, aac, aif, aiff, au, wma" : String.join(", ", extensions))
                    + " (use --extensions to index others)");
        }
        return r.failed().isEmpty() ? 0 : 1;
    }
}
