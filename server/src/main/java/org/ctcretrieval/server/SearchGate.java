package org.ctcretrieval.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctcretrieval.query.search.SearchDeadline;
import org.ctcretrieval.query.search.SearchTimeoutException;

/**
 * Bounds the searches running at once. A search takes one of {@code slots}; when none is free it waits in a
 * queue of at most {@code queueLength} for up to {@code queueWait}; a full queue or a long wait gets 503 with
 * Retry-After.
 *
 * <p>The search runs on the request's own thread, with a {@link SearchDeadline} of {@code timeout}: a search that
 * runs longer stops at its next check and its request gets 503, so its slot comes back at once. Running it there,
 * rather than on a thread of the gate's own, spares a request two thread hand-offs: on an otherwise idle machine
 * each of them can wait for a sleeping core to wake up.
 */
final class SearchGate {
    /** A search given its deadline. */
    @FunctionalInterface
    interface Search<T> {
        T run(SearchDeadline deadline) throws Exception;
    }

    private final Semaphore slots;
    private final int queueLength;
    private final Duration queueWait;
    private final Duration timeout;
    private final AtomicInteger waiting = new AtomicInteger();

    SearchGate(int slots, int queueLength, Duration queueWait, Duration timeout) {
        this.slots = new Semaphore(slots, true);
        this.queueLength = queueLength;
        this.queueWait = queueWait;
        this.timeout = timeout;
    }

    /**
     * Runs {@code search} in a slot, on this thread, and returns its result; its failures are rethrown as they are,
     * except a passed deadline: 503.
     */
    <T> T run(Search<T> search) throws Exception {
        acquire();
        try {
            return search.run(SearchDeadline.after(timeout));
        } catch (SearchTimeoutException e) {
            throw new ApiError(503, e.getMessage(), 5);
        } finally {
            slots.release();
        }
    }

    private void acquire() throws InterruptedException {
        if (slots.tryAcquire()) return;
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
}
