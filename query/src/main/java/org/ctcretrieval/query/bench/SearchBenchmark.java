package org.ctcretrieval.query.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.indexer.RecordingDocuments;
import org.ctcretrieval.indexer.synthetic.SyntheticMusic;
import org.ctcretrieval.indexer.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.indexer.synthetic.SyntheticMusic.Work;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * Scaled search benchmark on a synthetic collection of feature sequences (no audio).
 *
 * <p><b>Collection.</b> Works of 1-3 minutes ({@link SyntheticMusic#randomWork}); each recording splices 1-3
 * complete performances of random works with 0-20 s of unrelated filler between them; every performance has its
 * own tempo (x0.8 to x1.25), timbre (overtone weights, envelope) and noise, rendered as 25 Hz chroma like a deep
 * chroma extractor's output, and goes through the normal document builder (resampling to the retrieval rate,
 * 8-bit codes, shingles). The number of works is chosen so each work has about 12 performances in the collection.
 *
 * <p><b>Queries.</b> Score excerpts (no overtones, envelope or noise, notated tempo) of 8-15 s from random works,
 * given at 10 Hz with feature ID {@code score}; the recordings holding a performance of that work are relevant.
 *
 * <p><b>Measured.</b> Wall-clock latencies depend on what else runs on the machine; the CPU time of the process
 * per indexed query is reported too (it includes JIT and GC threads). Build rate (audio hours indexed per wall-clock second) and index size per audio hour;
 * latency of the indexed search (term candidates + windowed DTW) over all queries and of the exhaustive search on
 * a sample; for the sample, recall of the candidate stage (fraction of the exhaustive top-K recordings among the
 * candidates that DTW scored), top-1 agreement, and precision of relevant recordings in both top-K lists; for all
 * queries, the share of all relevant recordings among the candidates.
 */
public final class SearchBenchmark {
    /**
     * @param hours              audio hours in the collection
     * @param queries            queries for the indexed search
     * @param exhaustiveQueries  of those, how many also run exhaustively (for speed-up and recall)
     * @param top                ranking length K
     * @param candidates         candidate count N of the indexed search
     * @param threads            threads for building and for DTW
     * @param seed               random seed
     */
    public record Settings(double hours, int queries, int exhaustiveQueries, int top, int candidates, int threads, long seed) {}

    /** Everything measured, in the units of the field names. */
    public record Report(double hours, int recordings, int works, double buildSeconds, double hoursPerSecond,
                         long indexBytes, double megabytesPerHour, int queries, double indexedP50Ms, double indexedP95Ms,
                         double indexedMeanMs, double indexedCpuP50Ms, double indexedCpuP95Ms, int exhaustiveQueries, double exhaustiveP50Ms, double exhaustiveP95Ms,
                         double speedupP50, double candidateRecallAtK, double top1Agreement,
                         double indexedPrecisionAtK, double exhaustivePrecisionAtK, double indexedTop1Relevant,
                         double candidateRecallOfRelevant) {}

    private record Recording(String id, List<Integer> works) {}

    private final Settings settings;
    private final PrintStream log;

    public SearchBenchmark(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Builds the collection in {@code indexDir} (must be empty or absent), runs the queries, returns the report. */
    public Report run(Path indexDir) throws IOException {
        Random rnd = new Random(settings.seed());
        double meanRecording = 2 * 120 + 20; // seconds: 2 works of ~2 min + filler on average
        int recordings = Math.max(1, (int) Math.round(settings.hours() * 3600 / meanRecording));
        int works = Math.max(1, recordings * 2 / 12);
        List<Work> catalogue = new ArrayList<>(works);
        for (int i = 0; i < works; i++) catalogue.add(SyntheticMusic.randomWork(rnd, 60 + rnd.nextInt(120)));
        List<Recording> recs = new ArrayList<>(recordings);
        List<Long> seeds = new ArrayList<>(recordings);
        for (int r = 0; r < recordings; r++) {
            int n = 1 + rnd.nextInt(3);
            List<Integer> ws = new ArrayList<>();
            for (int k = 0; k < n; k++) ws.add(rnd.nextInt(works));
            recs.add(new Recording(String.format("/bench/rec%06d.wav", r), ws));
            seeds.add(rnd.nextLong());
        }

        IndexSchema schema = IndexSchema.forFeatures("bench", 25, 12);
        RecordingDocuments documents = new RecordingDocuments(schema);
        AtomicLong frames25 = new AtomicLong();
        long t0 = System.nanoTime();
        try (FSDirectory dir = FSDirectory.open(indexDir);
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setRAMBufferSizeMB(128));
             ProgressBar bar = progress("build", recordings)) {
            ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < recordings; r++) {
                final int idx = r;
                futures.add(pool.submit(() -> {
                    Random local = new Random(seeds.get(idx));
                    List<float[][]> parts = new ArrayList<>();
                    for (int w : recs.get(idx).works) {
                        parts.add(SyntheticMusic.filler(local, local.nextInt(11), 25));
                        Work work = catalogue.get(w);
                        Performance p = Performance.random(local, 0.8 + 0.45 * local.nextDouble(), 0);
                        parts.add(SyntheticMusic.render(work, 0, work.duration(), p, 25));
                    }
                    parts.add(SyntheticMusic.filler(local, local.nextInt(11), 25));
                    float[][] frames = SyntheticMusic.concat(parts);
                    frames25.addAndGet(frames.length);
                    writer.addDocument(documents.build(recs.get(idx).id, Long.toHexString(seeds.get(idx)),
                            new FeatureSequence("bench", 25, frames)));
                    bar.step();
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
            pool.shutdown();
            writer.setLiveCommitData(schema.toUserData().entrySet());
            writer.commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("building the collection failed", e.getCause());
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        double hours = frames25.get() / 25.0 / 3600;
        long bytes = folderSize(indexDir);

        // Queries: score excerpts of random works.
        List<FeatureSequence> queries = new ArrayList<>();
        List<Set<String>> relevant = new ArrayList<>();
        for (int i = 0; i < settings.queries(); i++) {
            int w = rnd.nextInt(works);
            Work work = catalogue.get(w);
            double len = 8 + 7 * rnd.nextDouble();
            double from = rnd.nextDouble() * Math.max(0, work.duration() - len);
            queries.add(new FeatureSequence(ThemeSearcher.SCORE_FEATURE_ID, 10,
                    SyntheticMusic.render(work, from, from + len, Performance.score(), 10)));
            Set<String> rel = new HashSet<>();
            for (Recording r : recs) if (r.works.contains(w)) rel.add(r.id);
            relevant.add(rel);
        }

        SearchOptions indexed = SearchOptions.defaults().withTop(settings.top()).withCandidates(settings.candidates())
                .withThreads(settings.threads());
        SearchOptions exhaustive = indexed.withExhaustive(true);
        double[] indexedMs = new double[queries.size()];
        double[] indexedCpuMs = new double[queries.size()];
        int ex = Math.min(settings.exhaustiveQueries(), queries.size());
        double[] exhaustiveMs = new double[ex];
        double recallSum = 0, agree = 0, precIdx = 0, precEx = 0, top1Rel = 0, relRecall = 0;
        try (ThemeSearcher searcher = ThemeSearcher.open(indexDir)) {
            for (int i = 0; i < Math.min(5, queries.size()); i++) searcher.search(queries.get(i), indexed); // warm-up
            List<SearchResult> indexedResults = new ArrayList<>();
            try (ProgressBar bar = progress("indexed queries", queries.size())) {
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
            try (ProgressBar bar = progress("exhaustive queries", ex)) {
                for (int i = 0; i < ex; i++) {
                    long s = System.nanoTime();
                    SearchResult r = searcher.search(queries.get(i), exhaustive);
                    exhaustiveMs[i] = (System.nanoTime() - s) / 1e6;
                    SearchResult idx = indexedResults.get(i);
                    Set<String> candidateIds = new HashSet<>();
                    for (int doc : idx.candidateDocs()) candidateIds.add(searcher.index().id(doc));
                    int found = 0;
                    for (SearchHit h : r.hits()) if (candidateIds.contains(h.id())) found++;
                    recallSum += r.hits().isEmpty() ? 1 : found / (double) r.hits().size();
                    if (!r.hits().isEmpty() && !idx.hits().isEmpty() && r.hits().get(0).id().equals(idx.hits().get(0).id())) agree++;
                    precEx += precision(r, relevant.get(i), settings.top());
                    bar.step();
                }
            }
        }
        double ip50 = percentile(indexedMs, 50), ep50 = ex == 0 ? Double.NaN : percentile(exhaustiveMs, 50);
        return new Report(hours, recordings, works, buildSeconds, hours / buildSeconds, bytes, bytes / 1e6 / hours,
                queries.size(), ip50, percentile(indexedMs, 95), Arrays.stream(indexedMs).average().orElse(Double.NaN),
                percentile(indexedCpuMs, 50), percentile(indexedCpuMs, 95),
                ex, ep50, ex == 0 ? Double.NaN : percentile(exhaustiveMs, 95), ep50 / ip50,
                ex == 0 ? Double.NaN : recallSum / ex, ex == 0 ? Double.NaN : agree / ex,
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

    /** Nearest-rank percentile of {@code values} (not modified). */
    static double percentile(double[] values, double p) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private ProgressBar progress(String task, int max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setConsumer(new ConsoleProgressBarConsumer(log)).build();
    }

    private static long folderSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
