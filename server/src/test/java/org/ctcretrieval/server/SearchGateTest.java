package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SearchGateTest {
    @Test
    void aFullGateAnswers503WithRetryAfterAndFreesTheSlotAfterwards() throws Exception {
        SearchGate gate = new SearchGate(1, 0, Duration.ZERO, Duration.ofSeconds(10));
        CountDownLatch running = new CountDownLatch(1), release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.run(deadline -> {
                    running.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return "first";
                });
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        ApiError busy = assertThrows(ApiError.class, () -> gate.run(deadline -> "second"));
        assertEquals(503, busy.status);
        assertTrue(busy.retryAfter > 0);
        release.countDown();
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
        assertEquals("third", gate.run(deadline -> "third"));
    }

    @Test
    void aQueuedSearchWaitsForTheSlot() throws Exception {
        SearchGate gate = new SearchGate(1, 4, Duration.ofSeconds(10), Duration.ofSeconds(10));
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.run(deadline -> {
                    running.countDown();
                    Thread.sleep(300);
                    return "first";
                });
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        assertEquals("queued", gate.run(deadline -> "queued"));
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSearchRunsOnTheCallersThreadWithTheGatesDeadline() throws Exception {
        SearchGate gate = new SearchGate(1, 0, Duration.ZERO, Duration.ofSeconds(30));
        Thread caller = Thread.currentThread();
        assertEquals(caller, gate.run(deadline -> {
            assertFalse(deadline.passed());
            assertEquals(Duration.ofSeconds(30), deadline.budget());
            return Thread.currentThread();
        }));
    }

    @Test
    void aSearchPastItsDeadlineStopsWith503AndFreesItsSlotAtOnce() throws Exception {
        SearchGate gate = new SearchGate(1, 0, Duration.ZERO, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        ApiError slow = assertThrows(ApiError.class, () -> gate.run(deadline -> {
            // a search's loop: it checks its deadline between units of work
            while (true) {
                deadline.check();
                Thread.sleep(5);
            }
        }));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(503, slow.status);
        assertTrue(slow.retryAfter > 0);
        assertTrue(slow.getMessage().contains("took longer than 200 ms"), slow.getMessage());
        assertTrue(seconds < 5, "stopped after " + seconds + " s");
        // the slot is free again: a full gate (no queue) would answer 503
        assertEquals("again", gate.run(deadline -> "again"));
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> gate.run(deadline -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", boom.getMessage());
        assertEquals("after a failure", gate.run(deadline -> "after a failure"));
    }
}
