package org.ctcretrieval.common.hcqt;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The ctc_chroma network input of a recording of any length, exact and in bounded memory: receives the reduced
 * HCQT ({@link ReducedBlock}s of 1296 rows, from an {@link HcqtStream}) and serves the network input
 * ({@link HcqtFeatures#networkInputFlat()}) of any range of frames once the recording has ended.
 *
 * <p>Why two passes: the network input is in dB relative to the largest HCQT magnitude of the whole recording, so
 * no frame can be normalised before the last one is computed. Rather than approximate the reference, the reduced
 * HCQT (the two middle powers of every row and 25 Hz frame: 10.4 kB per frame, 259 kB per second of audio) is kept
 * until the end while the maximum is tracked. Up to {@code memoryLimit} bytes it stays in memory (short recordings
 * need no file); beyond, everything is written to a temporary file (0.93 GB per hour of audio) that is read back
 * frame range by frame range and deleted by {@link #close()} (callers use try-with-resources, so it is deleted on
 * failure too; the file is opened with {@code DELETE_ON_CLOSE}, which on Linux unlinks it at once, so even a killed
 * process leaves nothing behind). Recomputing the HCQT in a second pass would cost as much again; keeping the full-rate HCQT would
 * take 3.4 times the space.
 */
public final class HcqtFeatureStore implements HcqtStream.BlockSink, Closeable {
    /** Default largest in-memory size: 64 MiB (about 4 minutes of audio). */
    public static final long DEFAULT_MEMORY_LIMIT = 64L << 20;

    private static final int ROWS = Hcqt.HARMONICS.length * Hcqt.BINS;
    /** Bytes per frame: lower then upper power of every row, float32 little-endian. */
    private static final int FRAME_BYTES = 2 * ROWS * Float.BYTES;
    private static final int VALUES_PER_FRAME = Hcqt.BINS * Hcqt.HARMONICS.length;

    private final long memoryLimit;
    private final Path spillDir;
    private final List<ReducedBlock> blocks = new ArrayList<>();
    private long memoryBytes;
    private Path file;
    private FileChannel channel;
    private int frames;
    private float maxPower;
    private int[] bounds;
    private double referenceDb;
    private boolean closed;

    /** A store with {@link #DEFAULT_MEMORY_LIMIT} spilling to the system's temporary folder. */
    public HcqtFeatureStore() {
        this(DEFAULT_MEMORY_LIMIT, null);
    }

    /**
     * @param memoryLimit largest size kept in memory, bytes (0: always use a file)
     * @param spillDir    folder of the temporary file; {@code null} for the system's temporary folder
     */
    public HcqtFeatureStore(long memoryLimit, Path spillDir) {
        if (memoryLimit < 0) throw new IllegalArgumentException("memory limit must be >= 0: " + memoryLimit);
        this.memoryLimit = memoryLimit;
        this.spillDir = spillDir;
    }

    @Override
    public void accept(ReducedBlock block) throws IOException {
        if (bounds != null) throw new IllegalStateException("store already finished");
        if (block.rows() != ROWS) throw new IllegalArgumentException("blocks must have " + ROWS + " rows: " + block.rows());
        if (block.firstFrame() != frames) {
            throw new IllegalArgumentException("block starts at frame " + block.firstFrame() + ", expected " + frames);
        }
        frames += block.frames();
        maxPower = Math.max(maxPower, block.maxPower());
        long size = (long) block.frames() * FRAME_BYTES;
        if (channel == null && memoryBytes + size <= memoryLimit) {
            blocks.add(block);
            memoryBytes += size;
            return;
        }
        if (channel == null) spill();
        write(block);
    }

    private void spill() throws IOException {
        file = spillDir == null ? Files.createTempFile("ctcr-hcqt-", ".f32")
                : Files.createTempFile(spillDir, "ctcr-hcqt-", ".f32");
        // DELETE_ON_CLOSE: on Linux the JDK unlinks the file right after opening it, so not even a killed process
        // leaves it behind; elsewhere it goes when the channel closes or the JVM exits
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        for (ReducedBlock b : blocks) write(b);
        blocks.clear();
        memoryBytes = 0;
    }

    private void write(ReducedBlock b) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(b.frames() * FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        var fb = buf.asFloatBuffer();
        for (int f = 0; f < b.frames(); f++) {
            fb.put(b.lower(), f * ROWS, ROWS);
            fb.put(b.upper(), f * ROWS, ROWS);
        }
        long pos = (long) b.firstFrame() * FRAME_BYTES;
        while (buf.hasRemaining()) pos += channel.write(buf, pos);
    }

    /**
     * Ends the recording.
     *
     * @param frameBoundaries what {@link HcqtStream#finish()} returned
     */
    public void finish(int[] frameBoundaries) {
        if (frameBoundaries.length - 1 != frames) {
            throw new IllegalStateException("received " + frames + " frames, the recording has "
                    + (frameBoundaries.length - 1));
        }
        bounds = frameBoundaries.clone();
        referenceDb = HcqtFeatures.referenceDb(maxPower);
    }

    /** Number of 25 Hz frames T. */
    public int length() {
        requireFinished();
        return frames;
    }

    /** The dB reference R: the largest HCQT magnitude. */
    public double referenceMagnitude() {
        requireFinished();
        return Math.sqrt(maxPower);
    }

    /** Whether the data went to a temporary file. */
    public boolean spilled() {
        return channel != null;
    }

    /**
     * The network input of frames {@code from … to − 1}: {@code (to − from)·216·6} values at {@code out[0 …]},
     * index {@code ((t − from)·216 + bin)·6 + harmonic}, equal to the same range of
     * {@link HcqtFeatures#networkInputFlat()} of the whole recording.
     */
    public void networkInput(int from, int to, float[] out) throws IOException {
        requireFinished();
        if (from < 0 || to > frames || from > to) throw new IndexOutOfBoundsException("frames " + from + ".." + to);
        int n = to - from;
        float[] lower = new float[n * ROWS];
        float[] upper = new float[n * ROWS];
        read(from, to, lower, upper);
        double ref = referenceDb;
        IntStream.range(0, n).parallel().forEach(i -> HcqtFeatures.networkInputFrame(lower, upper, i * ROWS,
                ((bounds[from + i + 1] - bounds[from + i]) & 1) == 1, ref, out, i * VALUES_PER_FRAME,
                new double[Hcqt.BINS]));
    }

    /**
     * The 25 Hz median magnitudes of one harmonic's 216 bins for frames {@code from … to − 1} (linear, before the
     * dB conversion): {@code out[t − from][bin]}, equal to the same frames of
     * {@link HcqtFeatures#medianMagnitude(int)} of the whole recording. Classic chroma is pooled from them, so it
     * can share the HCQT computed for the network.
     *
     * @param harmonic index into {@link Hcqt#HARMONICS}
     */
    public float[][] medianMagnitudes(int from, int to, int harmonic) throws IOException {
        requireFinished();
        if (from < 0 || to > frames || from > to) throw new IndexOutOfBoundsException("frames " + from + ".." + to);
        if (harmonic < 0 || harmonic >= Hcqt.HARMONICS.length) throw new IndexOutOfBoundsException("harmonic " + harmonic);
        int n = to - from;
        float[] lower = new float[n * ROWS];
        float[] upper = new float[n * ROWS];
        read(from, to, lower, upper);
        float[][] out = new float[n][Hcqt.BINS];
        for (int t = 0; t < n; t++) {
            int base = t * ROWS + harmonic * Hcqt.BINS;
            for (int b = 0; b < Hcqt.BINS; b++) {
                out[t][b] = (float) ((Math.sqrt(lower[base + b]) + Math.sqrt(upper[base + b])) / 2);
            }
        }
        return out;
    }

    /** Copies the powers of frames {@code from … to − 1} into {@code lower}, {@code upper} (frame-major). */
    private void read(int from, int to, float[] lower, float[] upper) throws IOException {
        if (channel == null) {
            for (ReducedBlock b : blocks) {
                int lo = Math.max(from, b.firstFrame());
                int hi = Math.min(to, b.firstFrame() + b.frames());
                if (lo >= hi) continue;
                int src = (lo - b.firstFrame()) * ROWS;
                int dst = (lo - from) * ROWS;
                System.arraycopy(b.lower(), src, lower, dst, (hi - lo) * ROWS);
                System.arraycopy(b.upper(), src, upper, dst, (hi - lo) * ROWS);
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((to - from) * FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long pos = (long) from * FRAME_BYTES;
        while (buf.hasRemaining()) {
            int got = channel.read(buf, pos);
            if (got < 0) throw new IOException(file + ": temporary HCQT file ended early");
            pos += got;
        }
        buf.flip();
        var fb = buf.asFloatBuffer();
        for (int f = 0; f < to - from; f++) {
            fb.get(lower, f * ROWS, ROWS);
            fb.get(upper, f * ROWS, ROWS);
        }
    }

    private void requireFinished() {
        if (bounds == null) throw new IllegalStateException("store not finished");
        if (closed) throw new IllegalStateException("store closed");
    }

    /** Releases the memory and deletes the temporary file, if any. Safe to call more than once. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        blocks.clear();
        if (channel != null) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The temporary file, while one exists (for tests and diagnostics). */
    Path file() {
        return file;
    }
}
