package org.ctcretrieval.indexer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadPlanTest {
    @TempDir Path tmp;

    @Test
    void oneWorkerPerCoreWhileFilesLast() {
        assertArrayEquals(new int[] {1, 1}, ThreadPlan.of(2, 50).threadsPerWorker());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, ThreadPlan.of(8, 8).threadsPerWorker());
    }

    @Test
    void fewerFilesThanCoresShareTheCoresOut() {
        assertArrayEquals(new int[] {2}, ThreadPlan.of(2, 1).threadsPerWorker());
        assertArrayEquals(new int[] {3, 2}, ThreadPlan.of(5, 2).threadsPerWorker());
        assertArrayEquals(new int[] {4}, ThreadPlan.of(4, 0).threadsPerWorker(), "an empty folder still plans a worker");
        for (int cores = 1; cores <= 9; cores++) {
            for (int files = 0; files <= 12; files++) {
                assertEquals(cores, ThreadPlan.of(cores, files).totalThreads(), "never more threads than cores");
            }
        }
    }

    @Test
    void rejectsImpossiblePlans() {
        assertThrows(IllegalArgumentException.class, () -> ThreadPlan.of(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPlan(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPlan(new int[] {1, 0}));
    }

    /** Extractor of one worker: records its thread count, whether two threads ever use it at once, and closing. */
    static final class WorkerExtractor implements org.ctcretrieval.common.features.FeatureExtractor, AutoCloseable {
        final int threads;
        final MapExtractor inner = new MapExtractor("feat");
        volatile boolean closed;
        private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean overlapped;

        WorkerExtractor(int threads) {
            this.threads = threads;
        }

        @Override
        public String id() {
            return "feat";
        }

        @Override
        public double frameRate() {
            return 25;
        }

        @Override
        public FeatureSequence extract(Path file) throws IOException {
            if (busy.incrementAndGet() > 1) overlapped = true;
            try {
                Thread.sleep(5);
                return inner.extract(file);
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                busy.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void indexerMakesOneExtractorPerWorkerUsesEachAloneAndClosesThem() throws IOException {
        Path audio = tmp.resolve("audio");
        for (int i = 0; i < 9; i++) MapExtractor.write(audio, "r" + i + ".rec", i, 5);
        List<WorkerExtractor> made = Collections.synchronizedList(new ArrayList<>());
        CollectionIndexer.Options options = new CollectionIndexer.Options(3, 4, Set.of("rec"), false, true);
        IndexReport r = new CollectionIndexer(tmp.resolve("index"), threads -> {
            WorkerExtractor w = new WorkerExtractor(threads);
            made.add(w);
            return w;
        }, IndexSchema.forFeatures("feat", 25, 12), options).index(audio);
        assertEquals(9, r.added());
        assertTrue(made.size() <= 3 && !made.isEmpty(), "at most one extractor per worker: " + made.size());
        int extracted = 0;
        for (WorkerExtractor w : made) {
            assertEquals(1, w.threads, "three workers on three cores compute on one thread each");
            assertFalse(w.overlapped, "an extractor is used by one worker at a time");
            assertTrue(w.closed, "the indexer closes the extractors it made");
            extracted += w.inner.calls.get();
        }
        assertEquals(9, extracted);
    }

    @Test
    void aSingleFileGetsEveryCore() throws IOException {
        Path audio = tmp.resolve("one");
        MapExtractor.write(audio, "only.rec", 1, 5);
        List<Integer> threads = Collections.synchronizedList(new ArrayList<>());
        new CollectionIndexer(tmp.resolve("index1"), t -> {
            threads.add(t);
            return new WorkerExtractor(t);
        }, IndexSchema.forFeatures("feat", 25, 12), new CollectionIndexer.Options(4, 4, Set.of("rec"), false, true))
                .index(audio);
        assertEquals(List.of(4), threads);
    }

    @Test
    void aWorkerExtractorOfTheWrongFeaturesIsRefused() throws IOException {
        Path audio = tmp.resolve("audio2");
        MapExtractor.write(audio, "a.rec", 1, 5);
        assertThrows(IllegalArgumentException.class, () -> new CollectionIndexer(tmp.resolve("index2"),
                t -> new MapExtractor("other"), IndexSchema.forFeatures("feat", 25, 12),
                new CollectionIndexer.Options(2, 4, Set.of("rec"), false, true)).index(audio));
    }
}
