package org.ctcretrieval.common.hcqt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The HCQT of a signal that arrives block by block, reduced to 25 Hz feature frames ({@link ReducedBlock}s, in
 * order) in bounded memory, identical bit for bit to the whole-signal computation.
 *
 * <p>The recording is cut into chunks of consecutive 25 Hz feature frames. A chunk computes every stage itself:
 * the resampled octave signals over just the samples its hop frames read (plus the resampling filters' support),
 * the STFT frames with reflect padding only at the true ends of the signal, and the median reduction (see
 * {@link ChunkPlan}, which explains why this is exact). A chunk is started as soon as the samples it reads have
 * arrived and are known not to lie at the end of the recording; the chunks at the end wait for {@link #finish()},
 * when the length, and hence the frame count and the last frame's extent, are known. Chunks run on worker threads
 * (each worker takes whole chunks, so the load is balanced whatever the octave structure); at most
 * {@code threads + 2} chunks are in flight, so memory is bounded by the chunk length: the samples kept are those of
 * the chunks in flight plus about 1.5 s of context (the longest window, of the lowest octave, spans ±1.49 s).
 *
 * <p>Blocks are delivered to the sink on the thread that calls {@link #accept} or {@link #finish}, in frame order.
 */
public final class HcqtStream implements AutoCloseable {
    /** Receives reduced feature frames in order. */
    @FunctionalInterface
    public interface BlockSink {
        /** Takes ownership of {@code block}. */
        void accept(ReducedBlock block) throws IOException;
    }

    /**
     * Default chunk length in 25 Hz feature frames (32 s of audio). Each chunk also resamples the context its
     * longest windows read (about 3 s on either side for h = 0.5): with 16 s chunks the octave signals were computed
     * over 1.2 to 1.4 times their length, with 32 s chunks 1.1 to 1.2 times.
     */
    public static final int DEFAULT_CHUNK_FRAMES = 800;
    /** Original samples kept before the next chunk's needs, for the end reflection of the last chunks. */
    private static final int MARGIN = 1 << 13;

    private final Hcqt hcqt;
    private final ChunkPlan plan;
    private final int rows;
    private final BlockSink sink;
    private final int threads;
    private final int chunkFrames;
    private final ExecutorService pool;
    private final Deque<Future<ReducedBlock>> pending = new ArrayDeque<>();

    private float[] buf = new float[1 << 16];
    private long bufStart;
    private int bufLen;
    private long received;
    private boolean finished;
    /** Next feature frame to schedule. */
    private int nextFrame;
    /** Feature frame boundaries valid so far (all but the last two entries of a grid of {@code gridFrames}). */
    private int[] grid = new int[0];
    private int gridFrames;
    private int[] bounds;

    HcqtStream(Hcqt hcqt, List<Stage> stages, BlockSink sink, int threads, int chunkFrames) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        if (chunkFrames < 1) throw new IllegalArgumentException("chunk length must be >= 1 frame: " + chunkFrames);
        this.hcqt = hcqt;
        this.plan = new ChunkPlan(stages);
        this.rows = plan.rows();
        this.sink = sink;
        this.threads = threads;
        this.chunkFrames = chunkFrames;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hcqt-chunk");
            t.setDaemon(true);
            return t;
        });
    }

    /** Rows of every delivered block. */
    public int rows() {
        return rows;
    }

    /**
     * Appends {@code count} samples at 22050 Hz and computes every chunk that has become computable.
     *
     * @throws IllegalArgumentException if a sample is not finite (librosa's {@code valid_audio})
     * @throws IOException              from the sink
     */
    public void accept(float[] samples, int count) throws IOException {
        if (finished) throw new IllegalStateException("stream already finished");
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new IllegalArgumentException("audio buffer is not finite at sample " + (received + i));
            }
        }
        if (bufLen + count > buf.length) {
            // drop what no chunk needs any more only when space runs out: few, large moves
            trim();
            if (bufLen + count > buf.length) buf = Arrays.copyOf(buf, Math.max(2 * buf.length, bufLen + count));
        }
        System.arraycopy(samples, 0, buf, bufLen, count);
        bufLen += count;
        received += count;
        scheduleInterior();
    }

    /** A whole signal, not copied (it must not change until {@link #finish()} returns). */
    void acceptWhole(float[] y) {
        if (received != 0 || finished) throw new IllegalStateException("stream already has samples");
        ConstantQ.checkFinite(y);
        buf = y;
        bufLen = y.length;
        received = y.length;
    }

    /**
     * Ends the signal: computes and delivers the remaining chunks.
     *
     * @return the feature frame boundaries of the recording ({@link FrameGrid#boundaries}); frame count =
     *     {@code length − 1}
     * @throws IllegalArgumentException if the signal is too short for the HCQT (see {@link Hcqt#features})
     * @throws IOException              from the sink
     */
    public int[] finish() throws IOException {
        if (finished) throw new IllegalStateException("stream already finished");
        finished = true;
        if (received > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("recording too long: " + received + " samples");
        }
        int n = (int) received;
        for (int h = 0; h < Hcqt.HARMONICS.length; h++) hcqt.cqt(h).checkLength(n);
        int nHop = hcqt.frameCount(n);
        bounds = FrameGrid.boundaries(nHop, Hcqt.SAMPLE_RATE, Hcqt.HOP, HcqtFeatures.FRAME_RATE);
        if (nextFrame > 0 && (bounds.length <= nextFrame
                || !Arrays.equals(bounds, 0, nextFrame + 1, grid, 0, nextFrame + 1))) {
            throw new IllegalStateException("feature frame grid changed at the end of the recording");
        }
        int frames = bounds.length - 1;
        int chunk = chunkFrames;
        if (nextFrame == 0 && threads > 1) {
            // a signal given whole: chunks small enough for every worker to get several
            chunk = Math.max(50, Math.min(chunkFrames, (frames + 4 * threads - 1) / (4 * threads)));
        }
        float[] window = buf;
        long windowStart = bufStart;
        int[] b = bounds;
        for (int g0 = nextFrame; g0 < frames; g0 += chunk) {
            int g1 = Math.min(frames, g0 + chunk);
            int f0 = g0;
            submit(() -> compute(window, windowStart, n, b, f0, g1));
        }
        nextFrame = frames;
        while (!pending.isEmpty()) deliverOldest();
        return bounds.clone();
    }

    /** Samples the input buffer can hold (its memory), for tests of boundedness. */
    int bufferCapacity() {
        return buf.length;
    }

    /** Feature frame boundaries after {@link #finish()}. */
    public int[] frameBoundaries() {
        if (bounds == null) throw new IllegalStateException("stream not finished");
        return bounds.clone();
    }

    private ReducedBlock compute(float[] window, long windowStart, long n, int[] b, int g0, int g1) {
        MedianReducer reducer = new MedianReducer(rows, b, g0, g1);
        plan.run(window, windowStart, n, b[g0], b[g1], reducer);
        return reducer.block();
    }

    /** Starts every chunk whose samples lie inside the signal received so far. */
    private void scheduleInterior() throws IOException {
        while (true) {
            int g0 = nextFrame;
            int g1 = g0 + chunkFrames;
            int[] b = provisionalBounds(g1);
            // one frame more than the chunk: frame b[g1] exists, so the chunk's last feature frame is not the last
            long[] need = plan.interiorNeed(b[g0], b[g1] + 1);
            if (need[1] > received) return;
            float[] window = Arrays.copyOfRange(buf, (int) (need[0] - bufStart), (int) (need[1] - bufStart));
            long windowStart = need[0];
            long n = received;
            submit(() -> compute(window, windowStart, n, b, g0, g1));
            nextFrame = g1;
        }
    }

    /** Drops samples that no chunk still to be scheduled reads. */
    private void trim() {
        if (nextFrame == 0) return;
        int[] b = provisionalBounds(nextFrame);
        long keepFrom = Math.max(0, plan.interiorNeed(b[nextFrame], b[nextFrame] + 1)[0] - MARGIN);
        int drop = (int) Math.min(bufLen, keepFrom - bufStart);
        if (drop <= 0) return;
        System.arraycopy(buf, drop, buf, 0, bufLen - drop);
        bufLen -= drop;
        bufStart += drop;
    }

    /** Boundaries that no later samples can change, at least up to entry {@code upTo}. */
    private int[] provisionalBounds(int upTo) {
        while (grid.length < upTo + 2) {
            gridFrames = Math.max(4096, 2 * gridFrames);
            int[] g = FrameGrid.boundaries(gridFrames, Hcqt.SAMPLE_RATE, Hcqt.HOP, HcqtFeatures.FRAME_RATE);
            grid = Arrays.copyOf(g, g.length - 2); // the last two entries depend on the grid's own length
        }
        return grid;
    }

    private void submit(Callable<ReducedBlock> task) throws IOException {
        if (pool == null) {
            CompletableFuture<ReducedBlock> done = new CompletableFuture<>();
            try {
                done.complete(task.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
            pending.add(done);
        } else {
            pending.add(pool.submit(task));
        }
        while (pending.size() > threads + 1) deliverOldest();
    }

    private void deliverOldest() throws IOException {
        sink.accept(CqtRunner.await(pending.removeFirst()));
    }

    /** Stops the worker threads (chunks still running are abandoned). */
    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
