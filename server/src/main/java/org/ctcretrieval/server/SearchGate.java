package org.ctcretrieval.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the searches running at once. A search takes one of {@code slots}; when none is free it waits in a
 * queue of at most {@code queueLength} for up to {@code queueWait}; a full queue or a long wait gets 503 with
 * Retry-After. A request whose search runs longer than {@code timeout} gets 503 too; its search ends in the
 * background and holds its slot until then, so the bound holds even for abandoned searches.
 */
final class SearchGate implements AutoCloseable {
    private final Semaphore slots;
    private final int queueLength;
    private final Duration queueWait;
    private final Duration timeout;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ctcr-serve-search");
        t.setDaemon(true);
        return t;
    });

    SearchGate(int slots, int queueLength, Duration queueWait, Duration timeout) {
        this.slots = new Semaphore(slots, true);
        this.queueLength = queueLength;
        this.queueWait = queueWait;
        this.timeout = timeout;
    }

    /** Runs {@code work} in a slot and returns its result; failures of the work are rethrown as they are. */
    <T> T run(Callable<T> work) throws Exception {
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > queueLength) {
                waiting.decrementAndGet();
                throw new ApiError(503, "the server is busy (" + queueLength + " searches waiting); try again shortly", 1);
            }
            try {
                if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new ApiError(503, "the server is busy (no search slot within " + queueWait.toSeconds()
                            + " s); try again shortly", 1);
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        Future<T> future;
        try {
            future = runner.submit(() -> {
                try {
                    return work.call();
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ApiError(503, "the search took longer than " + timeout.toSeconds() + " s and was stopped", 5);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
