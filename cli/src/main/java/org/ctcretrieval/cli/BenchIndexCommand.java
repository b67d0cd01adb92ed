package org.ctcretrieval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ctcretrieval.common.OptionBounds;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.indexer.ThreadPlan;
import org.ctcretrieval.models.DeepChromaExtractor;
import org.ctcretrieval.models.DeepChromaModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ctcr bench-index}: indexing throughput on a collection of real-length files, next to the single-file
 * pipeline figure of {@code ctcr bench} measured in the same run.
 */
@Command(name = "bench-index", header = "Benchmark indexing throughput (audio hours per wall-clock hour) against the single-file pipeline.",
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Build a collection of --hours of audio in a temporary folder: WAV files of several minutes each "
                    + "(--file-minutes, cycled) at several sample rates (--rates, cycled), made by concatenating "
                    + "real recordings (default: the example recordings in CTCR_SHARED/ctc_chroma/audio), each "
                    + "file starting with a different one. Then time, in one run:",
            "  1. the pipeline: deep chroma of one --pipeline-minutes 44.1 kHz WAV end to end, bounded memory, all "
                    + "cores on the one file (the 'deep chroma from WAV, bounded' figure of 'ctcr bench');",
            "  2. 'ctcr index' of the collection into a new index: hashing, decoding, resampling, HCQT, network, "
                    + "Lucene documents, commits and the final merge, with the indexer's thread plan;",
            "  3. the pipeline again (the machine's load may change during the run; the mean of 1 and 3 is used).",
            "Throughput is audio hours per wall-clock hour (= x real time); the ratio indexing / pipeline says how "
                    + "much the indexer loses (or gains) against extracting one file at a time. CPU seconds are "
                    + "those of the whole process: about 2 x wall seconds means two busy cores; audio hours per "
                    + "CPU hour is the figure to compare on a loaded machine (spinning or idle-waiting threads "
                    + "count against it).",
            ""
        })
public final class BenchIndexCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "AUDIO",
            description = "Recordings (files or folders) to concatenate. Default: the example recordings.")
    List<Path> inputs;

    @Option(names = "--hours", defaultValue = "1", paramLabel = "H",
            description = "Audio in the collection, in hours (default ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--file-minutes", defaultValue = "4,6,3,7,5", split = ",", paramLabel = "M",
            description = "File lengths in minutes, cycled (default ${DEFAULT-VALUE}); the last file is shortened "
                    + "to make --hours exactly.")
    List<Double> fileMinutes;

    @Option(names = "--rates", defaultValue = "44100,48000,22050,32000", split = ",", paramLabel = "HZ",
            description = "Sample rates of the files, cycled (default ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--pipeline-minutes", defaultValue = "10", paramLabel = "M",
            description = "Length of the pipeline input (default ${DEFAULT-VALUE}, as 'ctcr bench').")
    double pipelineMinutes;

    @Option(names = {"-m", "--model"}, defaultValue = "v2_ctc_train345valid1", paramLabel = "ID",
            description = "Deep chroma model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "Computing threads of the indexer (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        OptionBounds.require("--hours", hours, 0.001, 100);
        OptionBounds.require("--pipeline-minutes", pipelineMinutes, 0.1, 600);
        for (double m : fileMinutes) OptionBounds.require("--file-minutes", m, 0.1, 600);
        for (int r : rates) OptionBounds.require("--rates", r, 8000, 192000);
        if (threads != null) OptionBounds.require("--threads", threads, 1, 1024);
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<Path> sources = LongWav.sources(inputs);
        List<float[]> parts = LongWav.load(sources);

        Path work = Files.createTempDirectory("ctcr-bench-index");
        try {
            var err = spec.commandLine().getErr();
            Path collection = Files.createDirectories(work.resolve("collection"));
            long total22k = Math.round(hours * 3600 * Hcqt.SAMPLE_RATE);
            int files = 0;
            for (long pos = 0; pos < total22k; files++) {
                long n = Math.min(total22k - pos, Math.round(fileMinutes.get(files % fileMinutes.size()) * 60 * Hcqt.SAMPLE_RATE));
                int rate = rates.get(files % rates.size());
                LongWav.write(collection.resolve(String.format(Locale.ROOT, "rec%03d_%dHz.wav", files, rate)), parts,
                        files, n, rate);
                pos += n;
            }
            err.printf(Locale.ROOT, "  collection: %d files, %.2f h of audio%n", files, total22k / Hcqt.SAMPLE_RATE / 3600);
            Path pipelineWav = work.resolve("pipeline.wav");
            long pipeline22k = Math.round(pipelineMinutes * 60 * Hcqt.SAMPLE_RATE);
            LongWav.write(pipelineWav, parts, 0, pipeline22k, 44100);
            double pipelineSeconds = pipeline22k / Hcqt.SAMPLE_RATE;
            float[] warmUp = new float[20 * AudioLoader.PRODUCT_RATE];
            System.arraycopy(parts.get(0), 0, warmUp, 0, Math.min(warmUp.length, parts.get(0).length));
            parts = null;

            BenchCommand.Stage before;
            BenchCommand.Stage after;
            BenchCommand.Stage indexing;
            try (DeepChromaExtractor pipeline = DeepChromaExtractor.load(model)) {
                pipeline.model().deepChroma(new Hcqt().features(warmUp).networkInputFlat()); // warm-up
                before = BenchCommand.measure("pipeline (one file, all cores)", pipelineSeconds,
                        () -> pipeline.extract(pipelineWav));
                FeatureExtractors extractors = FeatureExtractors.discover();
                IndexSchema schema = new IndexSchema(model, DeepChromaModel.FRAME_RATE, 12, 10.0,
                        ShingleQuantizer.Params.DEFAULT);
                CollectionIndexer.Options options = CollectionIndexer.Options.defaults().withThreads(cores);
                IndexReport[] report = new IndexReport[1];
                indexing = BenchCommand.measure("index " + files + " files", total22k / Hcqt.SAMPLE_RATE, () -> report[0] =
                        new CollectionIndexer(work.resolve("index"), t -> extractors.create(model, t), schema, options)
                                .index(collection));
                if (report[0].added() != files || !report[0].failed().isEmpty()) {
                    throw new IllegalStateException("indexed " + report[0].added() + " of " + files + " files; failed: "
                            + report[0].failed());
                }
                after = BenchCommand.measure("pipeline again", pipelineSeconds, () -> pipeline.extract(pipelineWav));
            }
            print(files, cores, ThreadPlan.of(cores, files), before, indexing, after);
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    private void print(int files, int cores, ThreadPlan plan, BenchCommand.Stage before, BenchCommand.Stage indexing,
            BenchCommand.Stage after) throws Exception {
        double pipeline = (before.realTime() + after.realTime()) / 2;
        double ratio = indexing.realTime() / pipeline;
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("audioHours", indexing.audioSeconds() / 3600).put("files", files).put("threads", cores)
                    .put("cores", Runtime.getRuntime().availableProcessors()).put("plan", plan.toString())
                    .put("indexSeconds", indexing.seconds()).put("indexCpuSeconds", indexing.cpuSeconds())
                    .put("indexXRealTime", indexing.realTime()).put("pipelineXRealTimeBefore", before.realTime())
                    .put("pipelineXRealTimeAfter", after.realTime()).put("pipelineXRealTime", pipeline)
                    .put("indexToPipeline", ratio).put("indexAudioPerCpu", perCpu(indexing))
                    .put("pipelineAudioPerCpu", (perCpu(before) + perCpu(after)) / 2);
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "collection: %.2f h of audio in %d files; indexer: %d thread(s) on %d core(s), plan %s%n",
                    indexing.audioSeconds() / 3600, files, cores, Runtime.getRuntime().availableProcessors(), plan);
            out.printf(Locale.ROOT, "%-40s %10s %14s %8s %16s%n", "", "seconds", "audio h / h", "cpu s",
                    "audio h / cpu h");
            row(out, "pipeline, one file (before indexing)", before);
            row(out, "index the collection", indexing);
            row(out, "pipeline, one file (after indexing)", after);
            out.printf(Locale.ROOT, "indexing / pipeline (mean of both): %.2f wall, %.2f cpu%n", ratio,
                    perCpu(indexing) / ((perCpu(before) + perCpu(after)) / 2));
        }
        out.flush();
    }

    private static void row(java.io.PrintWriter out, String name, BenchCommand.Stage s) {
        out.printf(Locale.ROOT, "%-40s %10.2f %14.1f %8.1f %16.1f%n", name, s.seconds(), s.realTime(), s.cpuSeconds(),
                perCpu(s));
    }

    /** Audio seconds per CPU second of the process: the throughput the machine's load does not distort. */
    private static double perCpu(BenchCommand.Stage s) {
        return s.audioSeconds() / s.cpuSeconds();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
