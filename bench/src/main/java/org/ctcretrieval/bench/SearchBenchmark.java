package org.ctcretrieval.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.progress.ItemProgress;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.RecordingDocuments;
import org.ctcretrieval.query.eval.Percentiles;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * Scaled search benchmark: indexes a {@link BenchCollection} of feature sequences (no audio decoding) through the
 * normal document builder (resampling to the retrieval rate, 8-bit codes, shingles), then times and checks the
 * indexed search against the exhaustive one.
 *
 * <p><b>Measured.</b> Wall-clock latencies depend on what else runs on the machine; the CPU time of the process
 * per indexed query is reported too (it includes JIT and GC threads). Build rate (audio hours indexed per
 * wall-clock second) and index size per audio hour; latency of the indexed search (candidates + windowed DTW) over
 * all queries and of the exhaustive search on a sample; for the sample, the recall of the candidate stage (the
 * share of the relevant recordings in the exhaustive top-K that are among the candidates, and the share of the
 * whole exhaustive top-K), top-1 agreement, and precision of relevant recordings in both top-K lists; for all
 * queries, the share of all relevant recordings among the candidates.
 */
public final class SearchBenchmark {
    /**
     * @param hours              audio hours in the collection
     * @param queries            queries for the indexed search (timed): the collection's first queries
     * @param warmup             further queries of the collection run untimed before the timed ones, so that the
     *                           timings are those of a warmed-up JVM (compiled search code), as in a search server
     * @param exhaustiveQueries  of those, how many also run exhaustively (for speed-up and recall)
     * @param top                ranking length K
     * @param candidates         candidate count N of the indexed search
     * @param threads            threads for building and for DTW
     * @param seed               random seed
     */
    public record Settings(double hours, int queries, int warmup, int exhaustiveQueries, int top, int candidates, int threads, long seed) {}

    /** Everything measured, in the units of the field names. */
    public record Report(String source, double hours, int recordings, int works, double buildSeconds, double hoursPerSecond,
                         long indexBytes, double megabytesPerHour, int queries, int warmupQueries, double indexedP50Ms, double indexedP95Ms,
                         double indexedMeanMs, double indexedCpuP50Ms, double indexedCpuP95Ms, int exhaustiveQueries, double exhaustiveP50Ms, double exhaustiveP95Ms,
                         double speedupP50, double candidateRecallOfRelevantAtK, double candidateRecallAtK, double top1Agreement,
                         double indexedPrecisionAtK, double exhaustivePrecisionAtK, double indexedTop1Relevant,
                         double candidateRecallOfRelevant) {}

    /** File in the index folder that records which collection the index holds. */
    static final String STAMP = "bench-collection.txt";

    private final Settings settings;
    private final PrintStream log;

    public SearchBenchmark(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Indexes the collection in {@code indexDir} (must be empty or absent) unless {@code reuse} is set and the
     * folder holds the index of an earlier run with the same collection (checked by a stamp file), runs the
     * queries, returns the report.
     */
    public Report run(BenchCollection collection, Path indexDir, boolean reuse) throws IOException {
        IndexSchema schema = IndexSchema.forFeatures("bench", collection.frameRate(), 12);
        Path stamp = indexDir.resolve(STAMP);
        String signature = collection.source() + "\nrecordings " + collection.recordings() + "\nseed " + settings.seed()
                + "\nhours " + settings.hours() + "\nschema " + schema.toUserData();
        boolean reused = reuse && Files.isRegularFile(stamp) && Files.readString(stamp).equals(signature);
        if (reuse && !reused && Files.exists(indexDir)) {
            throw new InputException(indexDir, "holds no benchmark index of this collection (settings differ); remove it or choose another folder");
        }
        int recordings = collection.recordings();
        RecordingDocuments documents = new RecordingDocuments(schema);
        long t0 = System.nanoTime();
        if (!reused) {
            try (FSDirectory dir = FSDirectory.open(indexDir);
                 IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setRAMBufferSizeMB(128));
                 ItemProgress bar = progress("build", recordings)) {
                ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
                List<Future<?>> futures = new ArrayList<>();
                for (int r = 0; r < recordings; r++) {
                    final int idx = r;
                    futures.add(pool.submit(() -> {
                        writer.addDocument(documents.build(collection.id(idx), "bench",
                                new FeatureSequence("bench", collection.frameRate(), collection.frames(idx))));
                        bar.step();
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get();
                pool.shutdown();
                writer.setLiveCommitData(schema.toUserData().entrySet());
                writer.commit();
                CollectionIndexer.mergeToOneSegment(writer); // a collection built once: one segment, the fastest to search
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("building the collection failed", e.getCause());
            }
            Files.writeString(stamp, signature);
        }
        double buildSeconds = reused ? Double.NaN : (System.nanoTime() - t0) / 1e9;
        double hours;
        try (ThemeSearcher s = ThemeSearcher.open(indexDir)) {
            hours = s.index().totalFrames() / schema.retrievalRate() / 3600;
        }
        long bytes = folderSize(indexDir);

        List<FeatureSequence> queries = new ArrayList<>();
        List<Set<String>> relevant = new ArrayList<>();
        List<BenchCollection.Query> all = collection.queries();
        for (BenchCollection.Query q : all.subList(0, Math.min(settings.queries(), all.size()))) {
            queries.add(q.chroma());
            relevant.add(q.relevant());
        }
        List<BenchCollection.Query> warmup = all.subList(queries.size(), Math.min(all.size(), queries.size() + settings.warmup()));

        SearchOptions indexed = SearchOptions.defaults().withTop(settings.top()).withCandidates(settings.candidates())
                .withThreads(settings.threads());
        SearchOptions exhaustive = indexed.withExhaustive(true);
        double[] indexedMs = new double[queries.size()];
        double[] indexedCpuMs = new double[queries.size()];
        int ex = Math.min(settings.exhaustiveQueries(), queries.size());
        double[] exhaustiveMs = new double[ex];
        double recallSum = 0, relevantRecallSum = 0, agree = 0, precIdx = 0, precEx = 0, top1Rel = 0, relRecall = 0;
        try (ThemeSearcher searcher = ThemeSearcher.open(indexDir)) {
            try (ItemProgress bar = progress("warm-up queries", warmup.size())) {
                for (BenchCollection.Query q : warmup) {
                    searcher.search(q.chroma(), indexed);
                    bar.step();
                }
            }
            List<SearchResult> indexedResults = new ArrayList<>();
            try (ItemProgress bar = progress("indexed queries", queries.size())) {
                for (int i = 0; i < queries.size(); i++) {
                    long cpu = processCpuNanos();
                    long s = System.nanoTime();
                    SearchResult r = searcher.search(queries.get(i), indexed);
                    indexedMs[i] = (System.nanoTime() - s) / 1e6;
                    indexedCpuMs[i] = (processCpuNanos() - cpu) / 1e6;
                    indexedResults.add(r);
                    if (!r.hits().isEmpty() && relevant.get(i).contains(r.hits().get(0).id())) top1Rel++;
                    precIdx += precision(r, relevant.get(i), settings.top());
                    int relFound = 0;
                    for (int doc : r.candidateDocs()) if (relevant.get(i).contains(searcher.index().id(doc))) relFound++;
                    relRecall += relevant.get(i).isEmpty() ? 1 : relFound / (double) relevant.get(i).size();
                    bar.step();
                }
            }
            try (ItemProgress bar = progress("exhaustive queries", ex)) {
                for (int i = 0; i < ex; i++) {
                    long s = System.nanoTime();
                    SearchResult r = searcher.search(queries.get(i), exhaustive);
                    exhaustiveMs[i] = (System.nanoTime() - s) / 1e6;
                    SearchResult idx = indexedResults.get(i);
                    Set<String> candidateIds = new HashSet<>();
                    for (int doc : idx.candidateDocs()) candidateIds.add(searcher.index().id(doc));
                    int found = 0, relevantTop = 0, relevantFound = 0;
                    for (SearchHit h : r.hits()) {
                        boolean candidate = candidateIds.contains(h.id());
                        if (candidate) found++;
                        if (relevant.get(i).contains(h.id())) {
                            relevantTop++;
                            if (candidate) relevantFound++;
                        }
                    }
                    relevantRecallSum += relevantTop == 0 ? 1 : relevantFound / (double) relevantTop;
                    recallSum += r.hits().isEmpty() ? 1 : found / (double) r.hits().size();
                    if (!r.hits().isEmpty() && !idx.hits().isEmpty() && r.hits().get(0).id().equals(idx.hits().get(0).id())) agree++;
                    precEx += precision(r, relevant.get(i), settings.top());
                    bar.step();
                }
            }
        }
        double ip50 = Percentiles.nearestRank(50, indexedMs), ep50 = ex == 0 ? Double.NaN : Percentiles.nearestRank(50, exhaustiveMs);
        return new Report(collection.source(), hours, recordings, collection.works(), buildSeconds, hours / buildSeconds, bytes, bytes / 1e6 / hours,
                queries.size(), warmup.size(), ip50, Percentiles.nearestRank(95, indexedMs), Arrays.stream(indexedMs).average().orElse(Double.NaN),
                Percentiles.nearestRank(50, indexedCpuMs), Percentiles.nearestRank(95, indexedCpuMs),
                ex, ep50, ex == 0 ? Double.NaN : Percentiles.nearestRank(95, exhaustiveMs), ep50 / ip50,
                ex == 0 ? Double.NaN : relevantRecallSum / ex, ex == 0 ? Double.NaN : recallSum / ex, ex == 0 ? Double.NaN : agree / ex,
                precIdx / queries.size(), ex == 0 ? Double.NaN : precEx / ex, top1Rel / queries.size(),
                relRecall / queries.size());
    }

    /** CPU time of this process (all threads), which unlike wall time does not grow when other processes compete for the cores. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static double precision(SearchResult r, Set<String> relevant, int k) {
        int n = 0;
        for (SearchHit h : r.hits()) if (relevant.contains(h.id())) n++;
        return n / (double) Math.min(k, relevant.size());
    }

    private ItemProgress progress(String task, int max) {
        return ItemProgress.on(log, task, max, "");
    }

    private static long folderSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
