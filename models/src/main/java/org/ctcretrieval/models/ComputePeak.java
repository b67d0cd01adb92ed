package org.ctcretrieval.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.ctcretrieval.models.network.ChromaWeights;
import org.ctcretrieval.models.onnx.OnnxModelBuilder;

/**
 * The machine's float32 compute peak as ONNX Runtime reaches it: a square matrix multiplication (SGEMM, the kernel
 * that convolutions are lowered to) timed in the same process as the network, so that the network's speed can be
 * read as a fraction of what the cores can do rather than as an absolute time.
 */
public final class ComputePeak {
    private ComputePeak() {
    }

    /** CPU time of this process in nanoseconds, -1 if the platform does not tell. */
    public static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /**
     * Floating-point operations of the deep chroma network per 25 Hz frame: two per multiply-add of every
     * convolution (each output position of the 216 pitch bins), plus the chroma and blank pooling. About 31.4
     * MFLOP, i.e. 0.78 GFLOP per second of audio.
     */
    public static double networkFlopsPerFrame() {
        long macs = 0;
        for (int[] l : ChromaWeights.LAYER_SHAPES) macs += (long) l[0] * l[1] * l[2] * l[3] * ChromaWeights.PITCHES;
        macs += (long) ChromaWeights.PITCHES * ChromaWeights.CLASSES;
        return 2.0 * macs;
    }

    /**
     * A measured rate.
     *
     * @param gflops             GFLOP/s of the fastest call (wall-clock)
     * @param gflopsPerCpuSecond GFLOP per CPU second of the process over all timed calls (NaN if the platform does
     *                           not tell): the rate per busy core, which other work on a shared machine distorts
     *                           far less than wall-clock time
     */
    public record Rate(double gflops, double gflopsPerCpuSecond) {}

    /**
     * GFLOP/s of ONNX Runtime multiplying two {@code n × n} float32 matrices on {@code threads} intra-op threads:
     * the best of {@code calls} timed calls after two untimed ones (the best, because other work on a shared machine
     * only ever slows a call down).
     */
    public static double matMulGflops(int n, int threads, int calls) throws IOException {
        return matMul(n, threads, calls).gflops();
    }

    /** {@link #matMulGflops} with the rate per CPU second as well. */
    public static Rate matMul(int n, int threads, int calls) throws IOException {
        if (n < 1 || threads < 1 || calls < 1) throw new IllegalArgumentException("n, threads and calls must be >= 1");
        Random rnd = new Random(7);
        float[] b = new float[n * n];
        float[] a = new float[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
            a[i] = (float) rnd.nextGaussian();
        }
        OnnxModelBuilder g = new OnnxModelBuilder("sgemm");
        g.input("a", n, n);
        g.floatInitializer("b", new long[] {n, n}, b);
        g.node("MatMul", new String[] {"a", "b"}, new String[] {"c"});
        g.output("c", n, n);
        Path dir = Files.createTempDirectory("ctcr-sgemm");
        Path file = dir.resolve("sgemm.onnx");
        try {
            Files.write(file, g.build("ctc-retrieval", "0.1.0", "compute peak: " + n + "x" + n + " MatMul"));
            try (Model model = Model.newInstance("sgemm", Device.cpu(), "OnnxRuntime")) {
                model.load(dir, "sgemm", Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1"));
                try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator());
                        NDManager manager = model.getNDManager().newSubManager()) {
                    NDArray input = manager.create(a, new Shape(n, n));
                    input.setName("a");
                    double best = Double.MAX_VALUE;
                    long cpu0 = 0;
                    for (int i = -2; i < calls; i++) {
                        if (i == 0) cpu0 = processCpuNanos();
                        long t0 = System.nanoTime();
                        p.predict(new NDList(input)).close();
                        if (i >= 0) best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    }
                    long cpu1 = processCpuNanos();
                    double flop = 2.0 * n * n * n;
                    return new Rate(flop / best / 1e9,
                            cpu0 < 0 || cpu1 <= cpu0 ? Double.NaN : flop * calls / ((cpu1 - cpu0) / 1e9) / 1e9);
                }
            } catch (MalformedModelException | TranslateException e) {
                throw new IOException("ONNX Runtime cannot run the SGEMM benchmark: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
