package org.ctcretrieval.cli;

import org.ctcretrieval.common.UsageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.audio.AudioDecoder;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.common.chroma.Cens;
import org.ctcretrieval.common.chroma.CqtChroma;
import org.ctcretrieval.common.dsp.Resampler;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;
import org.ctcretrieval.common.hcqt.HcqtFeatures;
import org.ctcretrieval.models.ComputePeak;
import org.ctcretrieval.models.DeepChromaExtractor;
import org.ctcretrieval.models.DeepChromaModel;
import org.ctcretrieval.models.ModelId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ctcr bench}: speed of every stage of feature extraction, as multiples of real time, and the peak heap each
 * stage needs, measured in one run on one long input.
 */
@Command(name = "bench", header = "Benchmark decoding, resampling, HCQT, chroma and network speed (x real time) and peak heap.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Measure feature extraction speed on a long input made by concatenating real recordings (default: the "
                    + "example recordings in CTCR_SHARED/ctc_chroma/audio) to at least --minutes. The input is "
                    + "written as a 44.1 kHz 16-bit WAV, then timed stage by stage: decode, resample to 22050 Hz "
                    + "(kaiser_best, as librosa.load), HCQT network input, cqt chroma, CENS, and the deep chroma "
                    + "network, each on the whole signal in memory. Then the bounded-memory path that 'ctcr chroma' "
                    + "and 'ctcr index' use is timed end to end from the WAV file: streamed decoding and "
                    + "resampling, chunked HCQT (reduced data kept in memory up to 64 MiB, then in a temporary file) "
                    + "and, with a model, the chunked network. Speeds are x real time (audio seconds per wall-clock "
                    + "second), each stage after a warm-up (three passes over 20 s of input, "
                    + "which compiles the stage's code as steady use over many files does); peak heap is the "
                    + "largest heap in use during the stage (after a GC before it; garbage not yet collected "
                    + "counts, so run with a small -Xmx to see what a stage really needs); cpu s is the CPU time of "
                    + "all threads of the process during the stage: a stage keeping N cores busy shows about N x "
                    + "seconds, less means idle cores or other work on the machine.",
            "",
            "Bounded memory on a long input: CTCR_JAVA_OPTS=-Xmx384m ctcr bench --minutes 60 --bounded-only "
                    + "(the input WAV is written block by block, so nothing of the hour is held in memory).",
            ""
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "AUDIO",
            description = "Recordings (files or folders) to concatenate. Default: the example recordings.")
    List<Path> inputs;

    @Option(names = "--minutes", defaultValue = "10", paramLabel = "M",
            description = "Length of the concatenated input in minutes (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = {"-m", "--model"}, defaultValue = "v2_ctc_train345valid1", paramLabel = "ID",
            description = "Model for the network stage (default ${DEFAULT-VALUE}); 'none' skips it.")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for HCQT and network (default: all cores).")
    Integer threads;

    @Option(names = "--bounded-only", description = "Time only the bounded-memory stages from the WAV file (skip the "
            + "whole-signal stages, which hold the recording in memory).")
    boolean boundedOnly;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    /**
     * Passes over the 20-s warm-up input before a stage is timed. After one pass the JIT is still compiling the
     * HCQT's loops during the timed stage (about a quarter more CPU time than in steady use); after three, the stage
     * takes what it takes on the tenth recording of a collection.
     */
    static final int WARM_UP_PASSES = 3;

    /** @param cpuSeconds CPU time of the whole process during the stage (all threads), NaN if unknown */
    record Stage(String name, double seconds, double audioSeconds, long peakHeapBytes, double cpuSeconds) {
        double realTime() {
            return audioSeconds / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        org.ctcretrieval.common.OptionBounds.require("--minutes", minutes, 0.01, 780);
        if (threads != null) org.ctcretrieval.common.OptionBounds.require("--threads", threads, 1, 1024);
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<Path> sources = LongWav.sources(inputs);
        List<float[]> parts = LongWav.load(sources);
        long samples22k = (long) Math.ceil(minutes * 60 * AudioLoader.PRODUCT_RATE);
        double audioSeconds = samples22k / Hcqt.SAMPLE_RATE;
        Path wav = Files.createTempFile("ctcr-bench", ".wav");
        Path warmUpWav = Files.createTempFile("ctcr-bench-warm-up", ".wav");
        try {
            // A CD-rate file makes decoding and resampling do the work they do on a typical collection.
            LongWav.write(wav, parts, 0, samples22k, 44100);
            // (no longer than the input: a short run is a test of the command, not a measurement)
            int warmUpSamples = (int) Math.min(20 * AudioLoader.PRODUCT_RATE, samples22k);
            LongWav.write(warmUpWav, parts, 0, warmUpSamples, 44100);
            float[] warmUp = repeat(parts, warmUpSamples);
            parts = null;
            List<Stage> stages = new ArrayList<>();
            Hcqt hcqt = new Hcqt(cores);
            try (LazyModel net = new LazyModel(model)) {
                if (!boundedOnly) wholeSignalStages(stages, wav, warmUpWav, audioSeconds, hcqt, net, warmUp);
                // the streamed decoding, resampling and chunked HCQT are code of their own
                for (int i = 0; i < WARM_UP_PASSES; i++) {
                    try (HcqtFeatureStore store = AudioHcqt.features(warmUpWav, hcqt)) {
                        store.length();
                    }
                }
                stages.add(measure("HCQT from WAV, bounded (decode+resample+HCQT)", audioSeconds, () -> {
                    try (HcqtFeatureStore store = AudioHcqt.features(wav, hcqt)) {
                        store.length();
                    }
                }));
                if (net.enabled()) {
                    DeepChromaExtractor extractor = new DeepChromaExtractor(net.get());
                    for (int i = 0; i < WARM_UP_PASSES; i++) extractor.extract(warmUpWav);
                    stages.add(measure("deep chroma from WAV, bounded (all stages)", audioSeconds,
                            () -> extractor.extract(wav)));
                }
            }
            // the machine's float32 peak in this run, to read the network stage as a fraction of it
            String networkStage = model.equals("none") ? "" : "network " + ModelId.parse(model).id();
            Stage network = stages.stream().filter(st -> st.name().equals(networkStage)).findFirst().orElse(null);
            ComputePeak.Rate peak = network == null ? null : ComputePeak.matMul(512, cores, 20);
            // per CPU second on one thread: no intra-op thread pool whose waiting would count as CPU time
            ComputePeak.Rate perCore = network == null ? null : ComputePeak.matMul(512, 1, 10);
            print(stages, audioSeconds, sources.size(), cores, network, peak, perCore);
        } finally {
            Files.deleteIfExists(wav);
            Files.deleteIfExists(warmUpWav);
        }
        return 0;
    }

    /**
     * The network, loaded (and warmed up) when first needed: ONNX Runtime's threads stay busy for a moment after a
     * call, so loading it only after the signal-processing stages keeps them from slowing those stages.
     */
    private static final class LazyModel implements AutoCloseable {
        private final String id;
        private DeepChromaModel net;

        LazyModel(String id) {
            this.id = id;
        }

        boolean enabled() {
            return !id.equals("none");
        }

        DeepChromaModel get() throws java.io.IOException {
            if (net == null) {
                net = DeepChromaModel.load(ModelId.parse(id));
                net.run(new float[50 * Hcqt.BINS * Hcqt.HARMONICS.length]); // warm-up
            }
            return net;
        }

        @Override
        public void close() {
            if (net != null) net.close();
        }
    }

    /** The stages on whole signals held in memory (the figures of earlier versions). */
    private static void wholeSignalStages(List<Stage> stages, Path wav, Path warmUpWav, double audioSeconds, Hcqt hcqt,
            LazyModel lazyNet, float[] warmUp) throws Exception {
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            Resampler.resample(AudioDecoder.decode(warmUpWav).samples(), 44100, AudioLoader.PRODUCT_RATE,
                    Resampler.Filter.KAISER_BEST);
        }
        AudioSignal[] decoded = new AudioSignal[1];
        stages.add(measure("decode (WAV 44.1 kHz)", audioSeconds, () -> decoded[0] = AudioDecoder.decode(wav)));
        float[][] y = new float[1][];
        stages.add(measure("resample 44.1 -> 22.05 kHz", audioSeconds, () -> y[0] = Resampler.resample(
                decoded[0].samples(), 44100, AudioLoader.PRODUCT_RATE, Resampler.Filter.KAISER_BEST)));
        decoded[0] = null;
        // warm-up: the HCQT's code compiled, as in steady use over many files (the network is warmed up too)
        for (int i = 0; i < WARM_UP_PASSES; i++) hcqt.features(warmUp).networkInputFlat();
        HcqtFeatures[] features = new HcqtFeatures[1];
        Stage h = measure("HCQT (6 harmonics, 25 Hz)", audioSeconds, () -> features[0] = hcqt.features(y[0]));
        stages.add(h);
        float[][] input = new float[1][];
        Stage n = measure("network input (dB, median, L2)", audioSeconds,
                () -> input[0] = features[0].networkInputFlat());
        stages.add(n);
        features[0] = null;
        stages.add(measure("cqt chroma (h=1 CQT + pooling)", audioSeconds, () -> new CqtChroma(hcqt).compute(y[0])));
        stages.add(measure("CENS", audioSeconds, () -> new Cens(new CqtChroma(hcqt), Cens.DEFAULT_SMOOTHING,
                Cens.DEFAULT_DOWNSAMPLING).compute(y[0])));
        y[0] = null;
        if (lazyNet.enabled()) {
            DeepChromaModel net = lazyNet.get();
            Stage m = measure("network " + net.id().id(), audioSeconds, () -> net.run(input[0]));
            stages.add(m);
            stages.add(new Stage("deep chroma total (HCQT + input + network)",
                    h.seconds() + n.seconds() + m.seconds(), audioSeconds,
                    Math.max(h.peakHeapBytes(), Math.max(n.peakHeapBytes(), m.peakHeapBytes())),
                    h.cpuSeconds() + n.cpuSeconds() + m.cpuSeconds()));
        }
        input[0] = null;
    }

    /** The recordings repeated to {@code n} samples. */
    private static float[] repeat(List<float[]> parts, int n) {
        float[] out = new float[n];
        for (int pos = 0, i = 0; pos < n; i++) {
            float[] part = parts.get(i % parts.size());
            int c = Math.min(part.length, n - pos);
            System.arraycopy(part, 0, out, pos, c);
            pos += c;
        }
        return out;
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    static Stage measure(String name, double audioSeconds, Work work) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long c1 = processCpuNanos();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.err.printf(Locale.ROOT, "  %-45s %8.3f s%n", name, seconds);
        return new Stage(name, seconds, audioSeconds, peak, c0 < 0 || c1 < 0 ? Double.NaN : (c1 - c0) / 1e9);
    }

    /** CPU time of this process in nanoseconds, -1 if the platform does not tell. */
    static long processCpuNanos() {
        return ComputePeak.processCpuNanos();
    }

    private void print(List<Stage> stages, double audioSeconds, int files, int cores, Stage network,
            ComputePeak.Rate peak, ComputePeak.Rate perCore) throws Exception {
        double flopPerAudioSecond = DeepChromaModel.FRAME_RATE * ComputePeak.networkFlopsPerFrame();
        double networkGflops = network == null ? Double.NaN : network.realTime() * flopPerAudioSecond / 1e9;
        double networkPerCpu = network == null ? Double.NaN
                : network.audioSeconds() * flopPerAudioSecond / network.cpuSeconds() / 1e9;
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("audioSeconds", audioSeconds);
            root.put("sourceFiles", files);
            root.put("threads", cores);
            root.put("cores", Runtime.getRuntime().availableProcessors());
            if (network != null) {
                root.put("networkGflopsPerAudioSecond", flopPerAudioSecond / 1e9);
                root.put("networkGflops", networkGflops).put("sgemmPeakGflops", peak.gflops())
                        .put("networkFractionOfPeak", networkGflops / peak.gflops())
                        .put("networkGflopsPerCpuSecond", networkPerCpu)
                        .put("sgemmGflopsPerCpuSecond", perCore.gflopsPerCpuSecond())
                        .put("networkFractionOfPeakPerCpuSecond", networkPerCpu / perCore.gflopsPerCpuSecond());
            }
            ArrayNode arr = root.putArray("stages");
            for (Stage s : stages) {
                arr.addObject().put("stage", s.name()).put("seconds", s.seconds()).put("xRealTime", s.realTime())
                        .put("peakHeapMiB", s.peakHeapBytes() / 1048576.0).put("cpuSeconds", s.cpuSeconds());
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "input: %.1f min of audio from %d recording(s); %d thread(s) on %d core(s)%n",
                    audioSeconds / 60, files, cores, Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "%-45s %10s %12s %14s %8s%n", "stage", "seconds", "x real time", "peak heap MiB",
                    "cpu s");
            for (Stage s : stages) {
                out.printf(Locale.ROOT, "%-45s %10.3f %12.1f %14.0f %8.2f%n", s.name(), s.seconds(), s.realTime(),
                        s.peakHeapBytes() / 1048576.0, s.cpuSeconds());
            }
        }
        if (!json && network != null) {
            out.printf(Locale.ROOT, "network: %.2f GFLOP per audio second; %.1f GFLOP/s wall = %.0f %% of the SGEMM "
                    + "peak measured in this run (512x512 MatMul in ONNX Runtime, %d thread(s), best of 20 calls): "
                    + "%.1f GFLOP/s%n", flopPerAudioSecond / 1e9, networkGflops, 100 * networkGflops / peak.gflops(),
                    cores, peak.gflops());
            out.printf(Locale.ROOT, "network per CPU second: %.1f GFLOP = %.0f %% of a one-thread SGEMM's %.1f GFLOP "
                    + "per CPU second (the figure a loaded machine distorts least)%n", networkPerCpu,
                    100 * networkPerCpu / perCore.gflopsPerCpuSecond(), perCore.gflopsPerCpuSecond());
        }
        out.flush();
    }
}
