package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        try (SearchGate gate = new SearchGate(1, 0, Duration.ZERO, Duration.ofSeconds(10))) {
            CountDownLatch running = new CountDownLatch(1), release = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return gate.run(() -> {
                        running.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        return "first";
                    });
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(running.await(10, TimeUnit.SECONDS));
            ApiError busy = assertThrows(ApiError.class, () -> gate.run(() -> "second"));
            assertEquals(503, busy.status);
            assertTrue(busy.retryAfter > 0);
            release.countDown();
            assertEquals("first", first.get(10, TimeUnit.SECONDS));
            assertEquals("third", gate.run(() -> "third"));
        }
    }

    @Test
    void aQueuedSearchWaitsForTheSlot() throws Exception {
        try (SearchGate gate = new SearchGate(1, 4, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return gate.run(() -> {
                        running.countDown();
                        Thread.sleep(300);
                        return "first";
                    });
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(running.await(10, TimeUnit.SECONDS));
            assertEquals("queued", gate.run(() -> "queued"));
            assertEquals("first", first.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSearchPastTheTimeoutIs503AndItsFailureOrResultIsNotLost() throws Exception {
        try (SearchGate gate = new SearchGate(1, 0, Duration.ZERO, Duration.ofMillis(200))) {
            ApiError slow = assertThrows(ApiError.class, () -> gate.run(() -> {
                Thread.sleep(5_000);
                return "late";
            }));
            assertEquals(503, slow.status);
            // the abandoned search was interrupted, so its slot comes back
            long t0 = System.nanoTime();
            String again = null;
            while (again == null && System.nanoTime() - t0 < 5_000_000_000L) {
                try {
                    again = gate.run(() -> "again");
                } catch (ApiError e) {
                    Thread.sleep(20);
                }
            }
            assertEquals("again", again);
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> gate.run(() -> {
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", boom.getMessage());
        }
    }
}
