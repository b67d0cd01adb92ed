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
     * @param neighbourCandidates candidates of each semitone neighbour (0: the default share of N)
     * @param cuts               candidate counts at which the recall of the exhaustive queries is also measured
     *                           (untimed searches), to show where along the term ranking relevant recordings are lost
     * @param referenceCandidates 0: recall against the exhaustive top-K; otherwise against the stand-in of
     *                           {@link #referenceTop} with this many candidates
     * @param threads            threads for building and for DTW
     * @param seed               random seed
     */
    public record Settings(double hours, int queries, int warmup, int exhaustiveQueries, int top, int candidates,
                           int neighbourCandidates, int[] cuts, int referenceCandidates, int threads, long seed) {}

    /** Everything measured, in the units of the field names. */
    public record Report(String source, double hours, int recordings, int works, double buildSeconds, double hoursPerSecond,
                         long indexBytes, double megabytesPerHour, int queries, int queriesWithTempo, int warmupQueries, double indexedP50Ms, double indexedP95Ms,
                         double indexedMeanMs, double indexedCpuP50Ms, double indexedCpuP95Ms, int exhaustiveQueries, int exhaustiveCached, double exhaustiveP50Ms, double exhaustiveP95Ms,
                         double speedupP50, double candidateRecallOfRelevantAtK, double candidateRecallAtK, double top1Agreement,
                         double indexedPrecisionAtK, double exhaustivePrecisionAtK, double indexedTop1Relevant,
                         double candidateRecallOfRelevant, double indexedRecallOfRelevantAtK, int relevantInExhaustiveTopK,
                         int lostByCandidates, int lostByRanking, int[] cuts, double[] candidateRecallAtCut,
                         List<String> fields, double[][] fieldRecallAtCut) {}

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
            hours = s.index().audioHours();
        }
        long bytes = folderSize(indexDir);

        List<BenchCollection.Query> all = collection.queries();
        List<BenchCollection.Query> queries = all.subList(0, Math.min(settings.queries(), all.size()));
        List<BenchCollection.Query> warmup = all.subList(queries.size(), Math.min(all.size(), queries.size() + settings.warmup()));

        SearchOptions indexed = SearchOptions.defaults().withTop(settings.top()).withCandidates(settings.candidates())
                .withNeighbourCandidates(settings.neighbourCandidates()).withThreads(settings.threads());
        double[] indexedMs = new double[queries.size()];
        double[] indexedCpuMs = new double[queries.size()];
        int ex = Math.min(settings.exhaustiveQueries(), queries.size());
        double[] exhaustiveMs = new double[ex];
        double recallSum = 0, relevantRecallSum = 0, agree = 0, precIdx = 0, precEx = 0, top1Rel = 0, relRecall = 0;
        double keptInTop = 0;
        int[] cuts = settings.cuts();
        double[] recallAtCut = new double[cuts.length];
        double[][] fieldRecall = new double[FieldRecall.FIELDS.size()][cuts.length];
        int lostCandidates = 0, lostRanking = 0, relevantInExhaustiveTop = 0, cachedRuns = 0;
        // Exhaustive rankings do not depend on the candidate stage: they are kept next to the index and reused
        // by later runs on it (--reuse-index), which then measure recall without the slow exhaustive search.
        Path cacheFile = indexDir.resolve(EXHAUSTIVE_CACHE);
        java.util.Map<String, List<String>> cached = new java.util.HashMap<>();
        if (Files.isRegularFile(cacheFile)) {
            for (String line : Files.readAllLines(cacheFile)) {
                String[] kv = line.split("\t", -1);
                if (kv.length == 2) cached.put(kv[0], kv[1].isEmpty() ? List.of() : List.of(kv[1].split(",")));
            }
        }
        try (ThemeSearcher searcher = ThemeSearcher.open(indexDir)) {
            try (ItemProgress bar = progress("warm-up queries", warmup.size())) {
                for (BenchCollection.Query q : warmup) {
                    searcher.search(q.chroma(), options(indexed, q));
                    bar.step();
                }
            }
            List<SearchResult> indexedResults = new ArrayList<>();
            try (ItemProgress bar = progress("indexed queries", queries.size())) {
                for (int i = 0; i < queries.size(); i++) {
                    BenchCollection.Query q = queries.get(i);
                    SearchOptions o = options(indexed, q);
                    long cpu = processCpuNanos();
                    long s = System.nanoTime();
                    SearchResult r = searcher.search(q.chroma(), o);
                    indexedMs[i] = (System.nanoTime() - s) / 1e6;
                    indexedCpuMs[i] = (processCpuNanos() - cpu) / 1e6;
                    indexedResults.add(r);
                    if (!r.hits().isEmpty() && q.relevant().contains(r.hits().get(0).id())) top1Rel++;
                    precIdx += precision(r, q.relevant(), settings.top());
                    int relFound = 0;
                    for (int doc : r.candidateDocs()) if (q.relevant().contains(searcher.index().id(doc))) relFound++;
                    relRecall += q.relevant().isEmpty() ? 1 : relFound / (double) q.relevant().size();
                    bar.step();
                }
            }
            try (ItemProgress bar = progress("exhaustive queries", ex)) {
                for (int i = 0; i < ex; i++) {
                    BenchCollection.Query q = queries.get(i);
                    SearchOptions o = options(indexed, q);
                    int reference = settings.referenceCandidates();
                    String key = cacheKey(q, settings.top()) + (reference > 0 ? "-reference" + reference : "");
                    List<String> exhaustiveTop = cached.get(key);
                    if (exhaustiveTop == null) {
                        long s = System.nanoTime();
                        exhaustiveTop = reference > 0 ? referenceTop(searcher, q, o.withCandidates(reference))
                                : searcher.search(q.chroma(), o.withExhaustive(true)).hits().stream().map(SearchHit::id).toList();
                        exhaustiveMs[i] = reference > 0 ? Double.NaN : (System.nanoTime() - s) / 1e6;
                        Files.writeString(cacheFile, key + "\t" + String.join(",", exhaustiveTop) + "\n",
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } else {
                        exhaustiveMs[i] = Double.NaN;
                        cachedRuns++;
                    }
                    SearchResult idx = indexedResults.get(i);
                    Set<String> candidateIds = ids(searcher, idx.candidateDocs());
                    Set<String> indexedTop = new HashSet<>();
                    for (SearchHit h : idx.hits()) indexedTop.add(h.id());
                    Set<String> relevantTop = new HashSet<>();
                    int found = 0, relevantFound = 0, relevantKept = 0;
                    for (String id : exhaustiveTop) {
                        boolean candidate = candidateIds.contains(id);
                        if (candidate) found++;
                        if (q.relevant().contains(id)) {
                            relevantTop.add(id);
                            if (candidate) relevantFound++;
                            else lostCandidates++;
                            if (indexedTop.contains(id)) relevantKept++;
                            else if (candidate) lostRanking++;
                        }
                    }
                    relevantInExhaustiveTop += relevantTop.size();
                    relevantRecallSum += relevantTop.isEmpty() ? 1 : relevantFound / (double) relevantTop.size();
                    keptInTop += relevantTop.isEmpty() ? 1 : relevantKept / (double) relevantTop.size();
                    recallSum += exhaustiveTop.isEmpty() ? 1 : found / (double) exhaustiveTop.size();
                    if (!exhaustiveTop.isEmpty() && !idx.hits().isEmpty() && exhaustiveTop.get(0).equals(idx.hits().get(0).id())) agree++;
                    precEx += precision(exhaustiveTop, q.relevant(), settings.top());
                    // The same query with other candidate counts: where along the term ranking the relevant
                    // recordings of the exhaustive top-K are lost (untimed).
                    for (int c = 0; c < cuts.length; c++) {
                        Set<String> cand = cuts[c] == settings.candidates() ? candidateIds
                                : ids(searcher, searcher.search(q.chroma(), o.withCandidates(cuts[c])).candidateDocs());
                        int n = 0;
                        for (String id : relevantTop) if (cand.contains(id)) n++;
                        recallAtCut[c] += relevantTop.isEmpty() ? 1 : n / (double) relevantTop.size();
                    }
                    if (cuts.length > 0) {
                        int[][] byField = FieldRecall.found(searcher.index(), q.chroma(), o, relevantTop, cuts);
                        for (int f = 0; f < byField.length; f++) {
                            for (int c = 0; c < cuts.length; c++) {
                                fieldRecall[f][c] += relevantTop.isEmpty() ? 1 : byField[f][c] / (double) relevantTop.size();
                            }
                        }
                    }
                    bar.step();
                }
            }
        }
        for (int c = 0; c < cuts.length; c++) {
            recallAtCut[c] = ex == 0 ? Double.NaN : recallAtCut[c] / ex;
            for (double[] f : fieldRecall) f[c] = ex == 0 ? Double.NaN : f[c] / ex;
        }
        double[] timedExhaustive = Arrays.stream(exhaustiveMs).filter(x -> !Double.isNaN(x)).toArray();
        double ip50 = Percentiles.nearestRank(50, indexedMs);
        double ep50 = timedExhaustive.length == 0 ? Double.NaN : Percentiles.nearestRank(50, timedExhaustive);
        int knownTempo = 0;
        for (BenchCollection.Query q : queries) if (q.tempoKnown()) knownTempo++;
        return new Report(collection.source(), hours, recordings, collection.works(), buildSeconds, hours / buildSeconds, bytes, bytes / 1e6 / hours,
                queries.size(), knownTempo, warmup.size(), ip50, Percentiles.nearestRank(95, indexedMs), Arrays.stream(indexedMs).average().orElse(Double.NaN),
                Percentiles.nearestRank(50, indexedCpuMs), Percentiles.nearestRank(95, indexedCpuMs),
                ex, cachedRuns, ep50, timedExhaustive.length == 0 ? Double.NaN : Percentiles.nearestRank(95, timedExhaustive), ep50 / ip50,
                ex == 0 ? Double.NaN : relevantRecallSum / ex, ex == 0 ? Double.NaN : recallSum / ex, ex == 0 ? Double.NaN : agree / ex,
                precIdx / queries.size(), ex == 0 ? Double.NaN : precEx / ex, top1Rel / queries.size(),
                relRecall / queries.size(), ex == 0 ? Double.NaN : keptInTop / ex, relevantInExhaustiveTop, lostCandidates, lostRanking,
                cuts.clone(), recallAtCut, FieldRecall.FIELDS, fieldRecall);
    }

    /** File in the index folder holding the exhaustive rankings of earlier runs (query key, tab, IDs). */
    static final String EXHAUSTIVE_CACHE = "exhaustive-rankings.tsv";
    /** Bumped when the exhaustive search changes, so that rankings of an older search are not reused. */
    static final int EXHAUSTIVE_CACHE_VERSION = 1;

    /**
     * A stand-in for the exhaustive top-K that costs a small fraction of it: the top K by ranking cost of the
     * located hits of an indexed search with many candidates together with every relevant recording matched as a
     * whole ({@link ThemeSearcher#scoreRecordings}), both costs of the best match anywhere in the recording. A
     * recording ranked above a relevant one here also ranks above it exhaustively (its exhaustive cost is no
     * higher than its located cost), so every relevant recording of the exhaustive top K is in this top K, which
     * can hold more (recall against it is, if anything, harder).
     */
    private List<String> referenceTop(ThemeSearcher searcher, BenchCollection.Query q, SearchOptions options) throws IOException {
        java.util.Map<String, Double> cost = new java.util.HashMap<>();
        for (SearchHit h : searcher.search(q.chroma(), options.withTop(settings.top())).hits()) cost.put(h.id(), h.cost());
        for (SearchHit h : searcher.scoreRecordings(q.chroma(), q.relevant(), options).values()) cost.merge(h.id(), h.cost(), Math::min);
        return cost.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
                .limit(settings.top()).map(java.util.Map.Entry::getKey).toList();
    }

    /** The benchmark's search options for {@code q}: its tempo range follows whether its score states a tempo. */
    private static SearchOptions options(SearchOptions base, BenchCollection.Query q) {
        return base.withTempoKnown(q.tempoKnown());
    }

    private static Set<String> ids(ThemeSearcher searcher, List<Integer> docs) throws IOException {
        Set<String> out = new HashSet<>();
        for (int doc : docs) out.add(searcher.index().id(doc));
        return out;
    }

    /** CPU time of this process (all threads), which unlike wall time does not grow when other processes compete for the cores. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static double precision(SearchResult r, Set<String> relevant, int k) {
        return precision(r.hits().stream().map(SearchHit::id).toList(), relevant, k);
    }

    private static double precision(List<String> ranked, Set<String> relevant, int k) {
        int n = 0;
        for (String id : ranked) if (relevant.contains(id)) n++;
        return n / (double) Math.min(k, relevant.size());
    }

    /**
     * Key of a query's exhaustive ranking in the cache: its chroma, tempo knowledge and ranking length, so a
     * changed query or search default is searched again.
     */
    private static String cacheKey(BenchCollection.Query q, int top) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
        b.putDouble(q.chroma().frameRate());
        md.update(b.array());
        for (float[] f : q.chroma().frames()) {
            java.nio.ByteBuffer fb = java.nio.ByteBuffer.allocate(4 * f.length);
            for (float x : f) fb.putFloat(x);
            md.update(fb.array());
        }
        md.update((q.tempoKnown() + " " + top + " " + SearchOptions.DEFAULT_NEIGHBOURS + " " + EXHAUSTIVE_CACHE_VERSION)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(md.digest());
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
