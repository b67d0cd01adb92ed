package org.ctcretrieval.query.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.indexer.IndexSnapshot;

/**
 * Finds the recordings that play a theme: query chroma -> resampling to the index's retrieval rate -> shingle
 * terms -> Lucene top-N candidates (BM25) -> subsequence DTW ({@link SubsequenceDtw}) on each candidate ->
 * recordings ranked by DTW cost with the matching time span.
 *
 * <p><b>Frame rates.</b> The query may come at any frame rate (score chroma, 25 Hz deep chroma, a CSV file); it
 * is resampled to the retrieval rate stored in the index with {@link RetrievalFeatures#resample}, the same
 * operation the indexer applied to the recordings, so both sides of the DTW share rate and smoothing.
 *
 * <p><b>Feature check.</b> Score chroma (feature ID {@code score}) is accepted by any chroma index (that is the
 * cross-modal case); any other query feature ID must equal the index's, since e.g. CENS and deep chroma are not
 * comparable frame by frame.
 *
 * <p>The searcher reads one index snapshot (the last commit when opened) and is safe for concurrent searches.
 */
public final class ThemeSearcher implements Closeable {
    /** See {@link RecordingMatcher#SUPPORT_FRACTION}. */
    static final double SUPPORT_FRACTION = RecordingMatcher.SUPPORT_FRACTION;

    /** See {@link RecordingMatcher#REFINED_PER_HIT} and {@link RecordingMatcher#MIN_REFINED}. */
    public static final int REFINED_PER_HIT = RecordingMatcher.REFINED_PER_HIT;
    public static final int MIN_REFINED = RecordingMatcher.MIN_REFINED;

    /** Feature ID of chroma computed from a score, accepted by every index. */
    public static final String SCORE_FEATURE_ID = "score";

    private final IndexSnapshot index;
    private final IndexSchema schema;
    private final ShingleQuantizer quantizer;
    /**
     * Worker threads of the parallel stages, kept between searches (a search runs three parallel stages; starting
     * threads for each would cost about as much as a short stage). Idle threads end after a minute.
     */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ctcr-search");
        t.setDaemon(true);
        return t;
    });

    public ThemeSearcher(IndexSnapshot index) {
        this.index = index;
        this.schema = index.schema();
        this.quantizer = new ShingleQuantizer(schema.quantizer());
    }

    /** Opens the last commit of the index in {@code indexDir} (see {@link IndexSnapshot#open}). */
    public static ThemeSearcher open(Path indexDir) throws IOException {
        return new ThemeSearcher(IndexSnapshot.open(indexDir));
    }

    public IndexSnapshot index() {
        return index;
    }

    /**
     * Searches the index for {@code query}.
     *
     * @param query   theme chroma at any frame rate, dimension equal to the index's
     * @param options top-K, candidate count, transposition, exhaustive mode, threads
     * @throws IllegalArgumentException if the query's features do not fit the index or it is empty
     */
    public SearchResult search(FeatureSequence query, SearchOptions options) throws IOException {
        checkQuery(query);
        float[][] q = RetrievalFeatures.resample(query, schema.retrievalRate()).frames();
        int shifts = options.transpose() ? 12 : 1;
        RecordingMatcher matcher = new RecordingMatcher(q, shifts, schema);
        List<Task> tasks = new ArrayList<>();
        Map<Integer, Double> candidateScore = new HashMap<>();
        boolean exhaustive = options.exhaustive();
        List<CandidateQuery> termQueries = new ArrayList<>();
        List<Integer> candidateDocs = new ArrayList<>();
        if (!exhaustive) {
            for (int s = 0; s < shifts; s++) {
                CandidateQuery tq = CandidateQuery.build(quantizer, RetrievalFeatures.rotate(q, s));
                if (tq == null) {
                    exhaustive = true;
                    break;
                }
                termQueries.add(tq);
            }
            if (!exhaustive) {
                java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
                for (int s = 0; s < shifts; s++) {
                    // Counting every hit switches off the dynamic pruning of the top-N collection, which with a
                    // hundred or more SHOULD clauses of common terms costs more (re-sorting the clauses by their
                    // maximum scores) than it saves; the query is then scored by Lucene's window-based scorer.
                    TopDocs top = index.searcher().search(termQueries.get(s).query(),
                            new TopScoreDocCollectorManager(options.candidates(), null, Integer.MAX_VALUE));
                    for (ScoreDoc sd : top.scoreDocs) {
                        tasks.add(new Task(sd.doc, s));
                        candidateScore.merge(sd.doc, (double) sd.score, Math::max);
                        seen.add(sd.doc);
                    }
                }
                candidateDocs.addAll(seen);
            }
        }
        List<Scored> scored = exhaustive ? scoreAll(matcher, options.threads())
                : scoreTasks(matcher, tasks, termQueries, options);
        // Best transposition per recording, then rank by cost (ties: lower document number).
        Map<Integer, Scored> best = new HashMap<>();
        for (Scored s : scored) {
            if (s.match == null) continue;
            best.merge(s.doc, s, (a, b) -> b.match.cost() < a.match.cost() ? b : a);
        }
        List<Scored> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble((Scored s) -> s.match.cost()).thenComparingInt(s -> s.doc));
        List<SearchHit> hits = new ArrayList<>();
        double rate = schema.retrievalRate();
        List<Scored> top = ranked.subList(0, Math.min(options.top(), ranked.size()));
        // (parallel returns results grouped by worker, so each carries its rank)
        record Located(int rank, DtwMatch match) {}
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) ranks.add(i);
        List<Located> located = parallel(options.threads(), ranks,
                i -> new Located(i, matcher.locate(top.get(i).shift, index.chroma(top.get(i).doc),
                        new RecordingMatcher.Match(top.get(i).match, top.get(i).firstFrame))));
        located.sort(Comparator.comparingInt(Located::rank));
        for (int i = 0; i < top.size(); i++) {
            Scored s = top.get(i);
            DtwMatch m = located.get(i).match();
            hits.add(new SearchHit(i + 1, index.id(s.doc), m.cost(), m.startSeconds(rate),
                    m.endSeconds(rate), candidateScore.getOrDefault(s.doc, Double.NaN), s.shift));
        }
        return new SearchResult(hits, scored.size(), exhaustive, candidateDocs);
    }

    private void checkQuery(FeatureSequence query) {
        checkQuery(query, schema, index.path().toString());
    }

    /**
     * Scores the named recordings with subsequence DTW against their whole chroma (no candidate stage), e.g. the
     * recordings another feature's search found: the best match of each (over the transpositions, if
     * {@code options.transpose()}), with its span. Recordings not in the index are left out of the map.
     *
     * @param ids recording IDs as stored in the index ({@link SearchHit#id()})
     * @return recording ID -> hit (rank 0: the hits are not ranked against each other)
     */
    public Map<String, SearchHit> scoreRecordings(FeatureSequence query, java.util.Collection<String> ids,
            SearchOptions options) throws IOException {
        checkQuery(query);
        float[][] q = RetrievalFeatures.resample(query, schema.retrievalRate()).frames();
        int shifts = options.transpose() ? 12 : 1;
        RecordingMatcher matcher = new RecordingMatcher(q, shifts, schema);
        List<Integer> docs = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            TopDocs found = index.searcher().search(new org.apache.lucene.search.TermQuery(
                    new org.apache.lucene.index.Term(IndexSchema.FIELD_ID, id)), 1);
            if (found.scoreDocs.length > 0) docs.add(found.scoreDocs[0].doc);
        }
        double rate = schema.retrievalRate();
        List<SearchHit> hits = parallel(options.threads(), docs, doc -> {
            byte[] codes = index.chroma(doc);
            RecordingMatcher.Match best = null;
            int bestShift = 0;
            for (int s = 0; s < shifts; s++) {
                RecordingMatcher.Match m = matcher.whole(s, codes, 0, codes.length);
                if (m.end() != null && (best == null || m.end().cost() < best.end().cost())) {
                    best = m;
                    bestShift = s;
                }
            }
            if (best == null) return null;
            DtwMatch m = matcher.locate(bestShift, codes, best);
            return new SearchHit(0, index.id(doc), m.cost(), m.startSeconds(rate), m.endSeconds(rate), Double.NaN,
                    bestShift);
        });
        Map<String, SearchHit> out = new HashMap<>();
        for (SearchHit h : hits) if (h != null) out.put(h.id(), h);
        return out;
    }

    /**
     * Refuses a query that an index with {@code schema} cannot answer: no frames, another dimension, or features
     * other than score chroma that differ from the index's.
     *
     * @param indexName names the index in the message (its folder, or a collection)
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkQuery(FeatureSequence query, IndexSchema schema, String indexName) {
        if (query.length() == 0) throw new org.ctcretrieval.common.UsageException("query has no frames");
        if (query.dimension() != schema.dimension()) {
            throw new org.ctcretrieval.common.UsageException("query has " + query.dimension() + "-dimensional features, the index "
                    + schema.dimension() + "-dimensional");
        }
        if (!SCORE_FEATURE_ID.equals(query.featureId()) && !query.featureId().equals(schema.featureId())) {
            throw new org.ctcretrieval.common.UsageException("query features '" + query.featureId() + "' do not match the index features '"
                    + schema.featureId() + "' (" + indexName + ")");
        }
    }

    private record Task(int doc, int shift) {}

    /** A recording's best match (start unknown) and the first recording frame its matching saw. */
    private record Scored(int doc, int shift, DtwMatch match, int firstFrame) {}

    /**
     * DTW of every (candidate, shift) pair inside the windows around its matching shingles ({@link DtwWindows}).
     * Chroma and postings are read in document order on this thread; matching runs in parallel.
     */
    private List<Scored> scoreTasks(RecordingMatcher matcher, List<Task> tasks, List<CandidateQuery> termQueries,
                                    SearchOptions options)
            throws IOException {
        int threads = options.threads();
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparingInt(Task::shift).thenComparingInt(Task::doc));
        Map<Integer, byte[]> chroma = new HashMap<>();
        Map<Task, List<DtwWindows.Window>> windows = new HashMap<>();
        List<LeafReaderContext> leaves = index.reader().leaves();
        int d = schema.dimension();
        // Chroma of every candidate, read per segment in document order.
        java.util.TreeSet<Integer> docs = new java.util.TreeSet<>();
        for (Task t : tasks) docs.add(t.doc);
        int leafIdx = -1;
        BinaryDocValues values = null;
        for (int doc : docs) {
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIdx) {
                leafIdx = li;
                values = IndexSnapshot.chromaValues(leaves.get(li).reader());
            }
            if (values == null || !values.advanceExact(doc - leaves.get(li).docBase)) {
                throw new IOException(index.path() + ": document without chroma");
            }
            BytesRef b = values.binaryValue();
            chroma.put(doc, java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length));
        }
        // Windows per (shift, segment): one postings pass per query term.
        for (int from = 0; from < sorted.size(); ) {
            Task first = sorted.get(from);
            int li = ReaderUtil.subIndex(first.doc, leaves);
            LeafReaderContext leaf = leaves.get(li);
            int to = from;
            while (to < sorted.size() && sorted.get(to).shift == first.shift
                    && sorted.get(to).doc < leaf.docBase + leaf.reader().maxDoc()) to++;
            int[] local = new int[to - from];
            int[] frames = new int[to - from];
            for (int i = from; i < to; i++) {
                local[i - from] = sorted.get(i).doc - leaf.docBase;
                frames[i - from] = chroma.get(sorted.get(i).doc).length / d;
            }
            List<List<DtwWindows.Window>> w = matcher.windows(leaf.reader(), local, frames, termQueries.get(first.shift));
            for (int i = from; i < to; i++) windows.put(sorted.get(i), w.get(i - from));
            from = to;
        }
        // Windows with little support are stray hits of common shingles: DTW skips windows supported by fewer
        // than SUPPORT_FRACTION of the best window's shingle occurrences (over all candidates of the query).
        int maxSupport = 0;
        for (List<DtwWindows.Window> ws : windows.values()) for (DtwWindows.Window w : ws) maxSupport = Math.max(maxSupport, w.support());
        int minSupport = RecordingMatcher.minSupport(maxSupport);
        List<Task> refined = tasks;
        int refine = RecordingMatcher.refined(options.top());
        if (matcher.coarseApplies(tasks.size(), options.top())) {
            record Coarse(Task task, float cost, DtwWindows.Window window) {}
            // (parallel returns results grouped by worker, so each carries its task)
            List<Coarse> costs = parallel(threads, tasks, t -> {
                RecordingMatcher.Coarse c = matcher.coarse(t.shift, chroma.get(t.doc), windows.get(t), minSupport);
                return new Coarse(t, c.cost(), c.window());
            });
            costs.sort(Comparator.comparingDouble(Coarse::cost).thenComparingInt(c -> c.task().doc));
            refined = new ArrayList<>(refine);
            for (int i = 0; i < refine && Float.isFinite(costs.get(i).cost()); i++) {
                // the full DTW matches only the window the coarse pass found best
                refined.add(costs.get(i).task());
                windows.put(costs.get(i).task(), List.of(costs.get(i).window()));
            }
        }
        return parallel(threads, refined, t -> {
            RecordingMatcher.Match m = matcher.fine(t.shift, chroma.get(t.doc), windows.get(t), minSupport);
            return new Scored(t.doc, t.shift, m.end(), m.firstFrame());
        });
    }

    /** DTW against every live recording, in chunks of documents per thread. */
    private List<Scored> scoreAll(RecordingMatcher matcher, int threads) throws IOException {
        record Chunk(LeafReaderContext leaf, int from, int to) {}
        List<Chunk> chunks = new ArrayList<>();
        for (LeafReaderContext leaf : index.reader().leaves()) {
            int max = leaf.reader().maxDoc();
            for (int from = 0; from < max; from += 64) chunks.add(new Chunk(leaf, from, Math.min(max, from + 64)));
        }
        List<List<Scored>> parts = parallel(threads, chunks, c -> {
            List<Scored> out = new ArrayList<>();
            BinaryDocValues values = IndexSnapshot.chromaValues(c.leaf.reader());
            Bits live = c.leaf.reader().getLiveDocs();
            if (values == null) return out;
            for (int doc = values.advance(c.from); doc < c.to; doc = values.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                BytesRef b = values.binaryValue();
                for (int s = 0; s < matcher.shifts(); s++) {
                    RecordingMatcher.Match m = matcher.whole(s, b.bytes, b.offset, b.length);
                    out.add(new Scored(c.leaf.docBase + doc, s, m.end(), m.firstFrame()));
                }
            }
            return out;
        });
        List<Scored> all = new ArrayList<>();
        for (List<Scored> p : parts) all.addAll(p);
        return all;
    }

    @FunctionalInterface
    private interface Job<T, R> {
        R apply(T t) throws IOException;
    }

    /**
     * Runs {@code job} over {@code items} on up to {@code threads} workers (the calling thread plus pooled ones);
     * the results come grouped by worker, not in item order.
     */
    private <T, R> List<R> parallel(int threads, List<T> items, Job<T, R> job) throws IOException {
        if (threads <= 1 || items.size() <= 1) return every(items, 0, 1, job);
        int n = Math.min(threads, items.size());
        List<Future<List<R>>> futures = new ArrayList<>();
        try {
            for (int w = 1; w < n; w++) {
                final int worker = w;
                futures.add(workers.submit(() -> every(items, worker, n, job)));
            }
            List<R> out = new ArrayList<>(items.size());
            out.addAll(every(items, 0, n, job));
            for (Future<List<R>> f : futures) out.addAll(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("search interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        } finally {
            for (Future<List<R>> f : futures) f.cancel(true); // no-op for finished workers
        }
    }

    /** Results of {@code job} for items {@code first}, {@code first + step}, ... */
    private static <T, R> List<R> every(List<T> items, int first, int step, Job<T, R> job) throws IOException {
        List<R> out = new ArrayList<>();
        for (int i = first; i < items.size(); i += step) out.add(job.apply(items.get(i)));
        return out;
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        index.close();
    }
}
