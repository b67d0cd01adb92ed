package org.ctcretrieval.indexer;

import java.util.Arrays;

/**
 * How the indexer spends its cores: {@code workers} recordings are extracted side by side, worker i computing on
 * {@code threadsPerWorker()[i]} threads (its HCQT and its own ONNX Runtime session, one after the other), so that
 * no more threads compute than there are cores. Files are independent, so running one per core needs no
 * synchronisation at all and beats splitting each file across the cores; a folder with fewer files than cores gives
 * each file several threads instead.
 *
 * @param threadsPerWorker computing threads of each worker, each &gt;= 1; their sum is the cores planned for
 */
public record ThreadPlan(int[] threadsPerWorker) {
    public ThreadPlan {
        if (threadsPerWorker.length == 0) throw new IllegalArgumentException("a plan needs at least one worker");
        for (int t : threadsPerWorker) {
            if (t < 1) throw new IllegalArgumentException("every worker needs at least one thread");
        }
        threadsPerWorker = threadsPerWorker.clone();
    }

    /**
     * The plan for {@code cores} computing threads and {@code files} recordings: min(cores, files) workers (at
     * least one), the cores shared out as evenly as possible.
     */
    public static ThreadPlan of(int cores, int files) {
        if (cores < 1) throw new IllegalArgumentException("cores must be >= 1: " + cores);
        int workers = Math.max(1, Math.min(cores, files));
        int[] threads = new int[workers];
        for (int i = 0; i < workers; i++) threads[i] = cores / workers + (i < cores % workers ? 1 : 0);
        return new ThreadPlan(threads);
    }

    public int workers() {
        return threadsPerWorker.length;
    }

    /** Threads of worker {@code i}. */
    public int threads(int i) {
        return threadsPerWorker[i];
    }

    /** Computing threads of all workers together. */
    public int totalThreads() {
        return Arrays.stream(threadsPerWorker).sum();
    }

    @Override
    public int[] threadsPerWorker() {
        return threadsPerWorker.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThreadPlan p && Arrays.equals(threadsPerWorker, p.threadsPerWorker);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(threadsPerWorker);
    }

    @Override
    public String toString() {
        return workers() + " worker(s) x " + Arrays.toString(threadsPerWorker) + " thread(s)";
    }
}
