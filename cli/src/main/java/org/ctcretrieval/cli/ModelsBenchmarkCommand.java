package org.ctcretrieval.cli;

import java.util.Locale;
import org.ctcretrieval.common.UsageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.ctcretrieval.models.DeepChromaModel;
import org.ctcretrieval.models.InferenceOptions;
import org.ctcretrieval.models.ModelId;
import org.ctcretrieval.models.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr models benchmark}: network throughput on random features. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the network's inference speed.",
            "",
            "Runs the network on random HCQT-shaped input (feature extraction not included) and reports frames"
                    + " per second, how many times faster than real time that is (25 frames = 1 s of audio), and"
                    + " seconds of audio per CPU second. Other load on the machine affects the wall-clock figure:"
                    + " compare options in one session."
        })
public final class ModelsBenchmarkCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelsDirOption models;

    @Option(names = {"-m", "--model"}, paramLabel = "ID", defaultValue = "v2_ctc_train345valid1",
            description = "Model ID (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--frames", defaultValue = "15000",
            description = "Input length in frames (default: ${DEFAULT-VALUE} = 10 minutes of audio).")
    int frames;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: all processors).")
    Integer threads;

    @Option(names = "--chunk-frames", defaultValue = "" + InferenceOptions.DEFAULT_CHUNK_FRAMES,
            description = "Frames per network call (default: ${DEFAULT-VALUE}).")
    int chunkFrames;

    @Option(names = "--opt-level", defaultValue = "ALL_OPT",
            description = "ONNX Runtime graph optimisation: NO_OPT, BASIC_OPT, EXTENDED_OPT, ALL_OPT (default: ${DEFAULT-VALUE}).")
    String optLevel;

    @Option(names = "--spin", description = "Let ONNX Runtime's intra-op threads spin while they wait for work (default: "
            + "off: spinning can shorten the waits between operators but burns CPU time that other work needs).")
    boolean spin;

    @Option(names = "--repeat", defaultValue = "3",
            description = "Timed runs; the median and the fastest are reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print the measurement as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelId id = ModelId.parse(model);
        InferenceOptions options = InferenceOptions.defaults().withChunkFrames(chunkFrames).withOptLevel(optLevel)
                .withSpinning(spin);
        if (threads != null) options = options.withThreads(threads);
        ModelRegistry registry = models.registry();
        float[][][] input = new float[frames][216][6];
        Random rng = new Random(0);
        for (float[][] frame : input) for (float[] bin : frame) for (int h = 0; h < 6; h++) bin[h] = rng.nextFloat() * 0.15f;
        try (DeepChromaModel network = DeepChromaModel.load(registry, id, options)) {
            network.probabilities(java.util.Arrays.copyOf(input, Math.min(frames, 200))); // warm-up
            if (repeat < 1) throw new UsageException("--repeat must be at least 1");
            double[] runs = new double[repeat];
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            for (int r = 0; r < repeat; r++) {
                long start = System.nanoTime();
                network.probabilities(input);
                runs[r] = (System.nanoTime() - start) / 1e9;
            }
            // Process CPU time (all threads, native ones included) is less sensitive to other load than wall time.
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9 / repeat;
            double realTimePerCpu = frames / DeepChromaModel.FRAME_RATE / cpuSeconds;
            java.util.Arrays.sort(runs);
            double seconds = runs[repeat / 2];
            double fps = frames / seconds;
            double realTime = fps / DeepChromaModel.FRAME_RATE;
            double bestRealTime = frames / runs[0] / DeepChromaModel.FRAME_RATE;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", id.id());
                doc.put("frames", frames);
                doc.put("threads", options.intraOpThreads());
                doc.put("chunkFrames", options.chunkFrames());
                doc.put("optLevel", options.optLevel());
                doc.put("spinning", options.spinning());
                doc.put("seconds", seconds);
                doc.put("framesPerSecond", fps);
                doc.put("timesRealTime", realTime);
                doc.put("bestTimesRealTime", bestRealTime);
                doc.put("runs", runs);
                doc.put("cpuSecondsPerRun", cpuSeconds);
                doc.put("timesRealTimePerCpuSecond", realTimePerCpu);
                out.println(new ObjectMapper().writeValueAsString(doc));
            } else {
                out.printf(Locale.ROOT, "model %s, %d frames (%.1f s of audio), %d threads%s, chunks of %d frames, %s%n", id,
                        frames, frames / DeepChromaModel.FRAME_RATE, options.intraOpThreads(),
                        options.spinning() ? " (spinning)" : "", options.chunkFrames(), options.optLevel());
                out.printf(Locale.ROOT, "median of %d runs %.2f s: %.0f frames/s = %.1fx real time (fastest run %.1fx)%n", repeat,
                        seconds, fps, realTime, bestRealTime);
                out.printf(Locale.ROOT, "CPU time %.2f s per run: %.1f s of audio per CPU second%n", cpuSeconds, realTimePerCpu);
            }
        }
        return 0;
    }
}
