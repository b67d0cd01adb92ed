package org.ctcretrieval.query.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.ctcretrieval.common.UsageException;
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

    /**
     * Largest index, in hours of audio, that a query is matched against exhaustively when it has too few shingles
     * for the candidate stage and no exhaustive search was asked for. Beyond it such a query is refused with a
     * message, since matching every recording takes minutes: on 1,000 hours, one hummed melody searched in twelve
     * keys took about two minutes (about 100 audio hours per query variant per second on 2 cores), where 50 hours
     * take a few seconds.
     */
    public static final double IMPLICIT_EXHAUSTIVE_HOURS = 50;

    private final IndexSnapshot index;
    private final IndexSchema schema;
    private final ShingleQuantizer quantizer;
    private final double implicitExhaustiveHours;
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
        this(index, IMPLICIT_EXHAUSTIVE_HOURS);
    }

    /** @param implicitExhaustiveHours see {@link #IMPLICIT_EXHAUSTIVE_HOURS} */
    ThemeSearcher(IndexSnapshot index, double implicitExhaustiveHours) {
        this.index = index;
        this.schema = index.schema();
        this.quantizer = new ShingleQuantizer(schema.quantizer());
        this.implicitExhaustiveHours = implicitExhaustiveHours;
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
     * <p>The query is matched in every time scaling of {@link SearchOptions#tempoRange()} ({@link TempoRange#scales()})
     * and every transposition of {@link SearchOptions#shifts()}; a recording's cost is that of its best
     * (scaling, transposition), plus {@link #SHIFT_PENALTY} for a transposed one. The untransposed query is
     * searched exactly as without transpositions (own candidates, own coarse-pass budget), so a search with
     * transpositions finds every untransposed match of the plain search at the same cost and span. Each of the
     * top recordings is finally matched as a whole ({@link #locate}), so the reported span is the best one
     * anywhere in the recording, not only in the windows the shingles pointed at.
     *
     * @param query   theme chroma at any frame rate, dimension equal to the index's
     * @param options top-K, candidate count, transposition, tempo range, occurrences, exhaustive mode, threads
     * @throws IllegalArgumentException if the query's features do not fit the index or it is empty
     * @throws SearchTimeoutException   if {@link SearchOptions#deadline()} passes during the search
     */
    public SearchResult search(FeatureSequence query, SearchOptions options) throws IOException {
        checkQuery(query);
        RecordingMatcher variants = RecordingMatcher.of(query, options, schema);
        List<Task> tasks = new ArrayList<>();
        Map<Integer, Double> candidateScore = new HashMap<>();
        boolean exhaustive = options.exhaustive();
        CandidateQuery[] termQueries = new CandidateQuery[variants.size()];
        List<Integer> candidateDocs = new ArrayList<>();
        if (!exhaustive) {
            java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
            List<List<Integer>> variantsOfShift = new ArrayList<>();
            List<Query> shiftQueries = new ArrayList<>();
            for (int h = 0; h < variants.shifts() && !exhaustive; h++) {
                List<CandidateQuery> built = new ArrayList<>();
                List<Integer> ids = new ArrayList<>();
                for (int sc = 0; sc < variants.scales(); sc++) {
                    int v = variants.id(sc, h);
                    termQueries[v] = CandidateQuery.build(quantizer, variants.frames(v));
                    if (termQueries[v] == null) {
                        if (sc == variants.unscaled()) exhaustive = true; // too few shingles to select candidates
                        continue;
                    }
                    built.add(termQueries[v]);
                    ids.add(v);
                }
                variantsOfShift.add(ids);
                shiftQueries.add(exhaustive ? null : CandidateQuery.union(built));
            }
            if (!exhaustive) {
                List<Integer> shiftIds = new ArrayList<>();
                for (int h = 0; h < variants.shifts(); h++) shiftIds.add(h);
                // (parallel returns results grouped by worker, so each carries its transposition)
                List<Candidate> found = new ArrayList<>();
                for (List<Candidate> c : parallel(options, shiftIds, h -> termSearch(shiftQueries.get(h), h,
                        options.candidatesOfShift(variants.semitones(variants.id(0, h)))))) {
                    found.addAll(c);
                }
                found.sort(Comparator.comparingInt(Candidate::shift).thenComparingInt(Candidate::rank));
                if (variants.sharedBudget()) found = bestOfKeys(found, options.sharedCandidates());
                for (Candidate c : found) {
                    for (int v : variantsOfShift.get(c.shift())) tasks.add(new Task(c.doc(), v));
                    candidateScore.merge(c.doc(), (double) c.score(), Math::max);
                    seen.add(c.doc());
                }
            }
            if (!exhaustive) candidateDocs.addAll(seen);
        }
        if (exhaustive && !options.exhaustive()) refuseLongExhaustiveSearch();
        List<Scored> scored = exhaustive ? scoreAll(variants, options)
                : scoreTasks(variants, tasks, termQueries, options);
        // Best variant per recording, then rank by cost (ties: lower document number).
        Map<Integer, Scored> best = new HashMap<>();
        for (Scored s : scored) {
            if (s.match == null) continue;
            best.merge(s.doc, s, (a, b) -> rankCost(variants, b) < rankCost(variants, a) ? b : a);
        }
        List<Scored> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble((Scored s) -> rankCost(variants, s)).thenComparingInt(s -> s.doc));
        List<Scored> top = ranked.subList(0, Math.min(options.top(), ranked.size()));
        // (parallel returns results grouped by worker, so each carries its place)
        List<Located> located = parallel(options, top,
                s -> locate(variants, s, options.occurrences()));
        located.sort(Comparator.comparingDouble((Located l) -> l.rankCost)
                .thenComparingInt(l -> l.scored.doc));
        List<SearchHit> hits = new ArrayList<>();
        double rate = schema.retrievalRate();
        for (Located l : located) {
            List<SearchHit.Occurrence> occurrences = new ArrayList<>();
            for (RecordingMatcher.Located m : l.matches) {
                occurrences.add(new SearchHit.Occurrence(variants.rankCost(m.match().cost(), m.variant()), m.match().startSeconds(rate),
                        m.match().endSeconds(rate), variants.tempo(m.match())));
            }
            RecordingMatcher.Located first = l.matches.get(0);
            hits.add(new SearchHit(hits.size() + 1, index.id(l.scored.doc), l.rankCost,
                    first.match().startSeconds(rate), first.match().endSeconds(rate),
                    candidateScore.getOrDefault(l.scored.doc, Double.NaN), variants.semitones(first.variant()),
                    variants.tempo(first.match()), index.tuningCents(l.scored.doc), occurrences));
        }
        return new SearchResult(hits, scored.size(), exhaustive, candidateDocs, options.tempoRange());
    }

    /**
     * The {@code n} best-scored recordings of one transposition's term query. Counting every hit switches off the
     * dynamic pruning of the top-N collection, which with a hundred or more SHOULD clauses of common terms costs
     * more (re-sorting the clauses by their maximum scores) than it saves; the query is then scored by Lucene's
     * window-based scorer.
     */
    private List<Candidate> termSearch(Query query, int shift, int n) throws IOException {
        TopDocs top = index.searcher().search(query, new TopScoreDocCollectorManager(n, null, Integer.MAX_VALUE));
        List<Candidate> out = new ArrayList<>(top.scoreDocs.length);
        for (int r = 0; r < top.scoreDocs.length; r++) out.add(new Candidate(top.scoreDocs[r].doc, shift, r, top.scoreDocs[r].score));
        return out;
    }

    /**
     * Refuses to match a query with too few shingles against every recording of an index larger than
     * {@link #IMPLICIT_EXHAUSTIVE_HOURS}: the user did not ask for a search that takes minutes.
     */
    private void refuseLongExhaustiveSearch() throws IOException {
        double hours = index.audioHours();
        if (hours > implicitExhaustiveHours) {
            throw new UsageException(String.format(Locale.ROOT, "the query has too few distinct shingles for an indexed"
                    + " search, and matching it against every recording of %s (%.1f hours of audio) would take minutes:"
                    + " give a longer theme, or ask for an exhaustive search (--exhaustive)", index.path(), hours));
        }
    }

    /** A recording found by the term query of transposition index {@code shift}, at {@code rank} (0 = best). */
    record Candidate(int doc, int shift, int rank, float score) {}

    /**
     * The {@code n} best (recording, transposition) pairs of all transpositions' term searches. BM25 scores of
     * different transpositions are not on one scale (each has its own terms and their document frequencies), so a
     * pair is ranked by its score relative to the best score of its transposition; ties by transposition, then rank.
     *
     * @param found every transposition's candidates, each transposition's best first
     */
    static List<Candidate> bestOfKeys(List<Candidate> found, int n) {
        if (found.size() <= n) return found;
        Map<Integer, Float> best = new HashMap<>();
        for (Candidate c : found) best.merge(c.shift(), c.score(), Math::max);
        List<Candidate> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingDouble((Candidate c) -> -(double) c.score() / best.get(c.shift()))
                .thenComparingInt(Candidate::shift).thenComparingInt(Candidate::rank));
        List<Candidate> kept = new ArrayList<>(sorted.subList(0, n));
        kept.sort(Comparator.comparingInt(Candidate::shift).thenComparingInt(Candidate::rank));
        return kept;
    }

    /** A ranked recording's matches in the whole recording, best first, and its ranking cost. */
    private record Located(Scored scored, List<RecordingMatcher.Located> matches, double rankCost) {}

    /** Matches the query in the whole of a top recording ({@link RecordingMatcher#locate}). */
    private Located locate(RecordingMatcher variants, Scored scored, int occurrences) throws IOException {
        List<RecordingMatcher.Located> chosen = variants.locate(index.chroma(scored.doc), scored.variant,
                new RecordingMatcher.Match(scored.match, scored.firstFrame), occurrences);
        return new Located(scored, chosen, variants.rankCost(chosen.get(0).match().cost(), chosen.get(0).variant()));
    }

    private static double rankCost(RecordingMatcher variants, Scored s) {
        return variants.rankCost(s.match.cost(), s.variant);
    }

    /**
     * Scores the named recordings with subsequence DTW against their whole chroma (no candidate stage), e.g. the
     * recordings another feature's search found: the best match of each over the variants of {@code options}
     * (tempo scalings, transpositions), located as the top hits of {@link #search} are. Recordings not in the
     * index are left out of the map.
     *
     * @param ids recording IDs as stored in the index ({@link SearchHit#id()})
     * @return recording ID -> hit (rank 0: the hits are not ranked against each other)
     */
    public Map<String, SearchHit> scoreRecordings(FeatureSequence query, java.util.Collection<String> ids,
            SearchOptions options) throws IOException {
        checkQuery(query);
        RecordingMatcher variants = RecordingMatcher.of(query, options, schema);
        List<Integer> docs = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            TopDocs found = index.searcher().search(new org.apache.lucene.search.TermQuery(
                    new org.apache.lucene.index.Term(IndexSchema.FIELD_ID, id)), 1);
            if (found.scoreDocs.length > 0) docs.add(found.scoreDocs[0].doc);
        }
        int d = schema.dimension();
        double rate = schema.retrievalRate();
        List<SearchHit> hits = parallel(options, docs, doc -> {
            byte[] codes = index.chroma(doc);
            Scored best = null;
            for (int v = 0; v < variants.size(); v++) {
                DtwMatch m = variants.whole(v, codes, 0, codes.length).end();
                Scored s = new Scored(doc, v, m, 0);
                if (m != null && (best == null || rankCost(variants, s) < rankCost(variants, best))) best = s;
            }
            if (best == null) return null;
            Located l = locate(variants, best, options.occurrences());
            RecordingMatcher.Located first = l.matches.get(0);
            List<SearchHit.Occurrence> occurrences = new ArrayList<>();
            for (RecordingMatcher.Located m : l.matches) {
                occurrences.add(new SearchHit.Occurrence(variants.rankCost(m.match().cost(), m.variant()),
                        m.match().startSeconds(rate), m.match().endSeconds(rate), variants.tempo(m.match())));
            }
            return new SearchHit(0, index.id(doc), l.rankCost, first.match().startSeconds(rate),
                    first.match().endSeconds(rate), Double.NaN, variants.semitones(first.variant()),
                    variants.tempo(first.match()), index.tuningCents(doc), occurrences);
        });
        Map<String, SearchHit> out = new HashMap<>();
        for (SearchHit h : hits) if (h != null) out.put(h.id(), h);
        return out;
    }

    /** See {@link RecordingMatcher#SHIFT_PENALTY}. */
    public static final double SHIFT_PENALTY = RecordingMatcher.SHIFT_PENALTY;

    private void checkQuery(FeatureSequence query) {
        checkQuery(query, schema, index.path().toString());
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

    private record Task(int doc, int variant) {}

    /** A recording's best match in one variant (start unknown) and the first recording frame its matching saw. */
    private record Scored(int doc, int variant, DtwMatch match, int firstFrame) {}

    /** See {@link RecordingMatcher#SCALES_REFINED}. */
    static final int SCALES_REFINED = RecordingMatcher.SCALES_REFINED;

    /**
     * DTW of every (candidate, variant) pair inside the windows around its matching shingles ({@link DtwWindows}).
     * Chroma and postings are read in document order on this thread; matching runs in parallel.
     */
    private List<Scored> scoreTasks(RecordingMatcher variants, List<Task> tasks, CandidateQuery[] termQueries,
                                    SearchOptions options) throws IOException {
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
        // Windows per (transposition, segment): one postings pass per query term for all time scalings, which
        // share nearly all their terms (the shingles are tempo-invariant); transpositions in parallel.
        Map<Integer, java.util.TreeMap<Integer, java.util.TreeSet<Integer>>> byShift = new java.util.TreeMap<>();
        for (Task t : tasks) {
            byShift.computeIfAbsent(variants.shiftOf(t.variant), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(t.variant, k -> new java.util.TreeSet<>()).add(t.doc);
        }
        // (the transpositions share no terms: each is read on whichever worker takes it)
        for (Map<Task, List<DtwWindows.Window>> part : parallel(options, new ArrayList<>(byShift.values()), docsOfVariant -> {
            Map<Task, List<DtwWindows.Window>> found = new HashMap<>();
            int[] vs = docsOfVariant.keySet().stream().mapToInt(Integer::intValue).toArray();
            java.util.TreeSet<Integer> shiftDocs = new java.util.TreeSet<>();
            for (java.util.TreeSet<Integer> ds : docsOfVariant.values()) shiftDocs.addAll(ds);
            List<Integer> ordered = new ArrayList<>(shiftDocs);
            for (int from = 0; from < ordered.size(); ) {
                int li = ReaderUtil.subIndex(ordered.get(from), leaves);
                LeafReaderContext leaf = leaves.get(li);
                int to = from;
                while (to < ordered.size() && ordered.get(to) < leaf.docBase + leaf.reader().maxDoc()) to++;
                int[] local = new int[to - from];
                int[] frames = new int[to - from];
                for (int i = from; i < to; i++) {
                    local[i - from] = ordered.get(i) - leaf.docBase;
                    frames[i - from] = chroma.get(ordered.get(i)).length / d;
                }
                List<CandidateQuery> queries = new ArrayList<>();
                for (int v : vs) queries.add(termQueries[v]);
                List<List<List<DtwWindows.Window>>> w = variants.windows(leaf.reader(), local, frames, queries, vs);
                for (int k = 0; k < vs.length; k++) {
                    java.util.TreeSet<Integer> ds = docsOfVariant.get(vs[k]);
                    for (int i = from; i < to; i++) {
                        if (ds.contains(ordered.get(i))) found.put(new Task(ordered.get(i), vs[k]), w.get(k).get(i - from));
                    }
                }
                from = to;
            }
            return found;
        })) {
            windows.putAll(part);
        }
        // Windows with little support are stray hits of common shingles: DTW skips windows supported by fewer
        // than SUPPORT_FRACTION of the best window's shingle occurrences (over all candidates of the query).
        int maxSupport = 0;
        for (List<DtwWindows.Window> ws : windows.values()) for (DtwWindows.Window w : ws) maxSupport = Math.max(maxSupport, w.support());
        int minSupport = RecordingMatcher.minSupport(maxSupport);
        List<Task> refined = tasks;
        Map<Task, RecordingMatcher.CoarseEnd> coarseOf = new HashMap<>();
        int refine = RecordingMatcher.refined(options.top());
        if (variants.coarseApplies(docs.size(), options.top())) {
            record Coarse(Task task, RecordingMatcher.CoarseEnd end) {
                float cost() {
                    return end.cost();
                }
            }
            // (parallel returns results grouped by worker, so each carries its task)
            List<Coarse> costs = parallel(options, tasks,
                    t -> new Coarse(t, variants.coarseEnd(t.variant, chroma.get(t.doc), windows.get(t), minSupport)));
            costs.sort(Comparator.comparingDouble(Coarse::cost).thenComparingInt(c -> c.task().doc)
                    .thenComparingInt(c -> c.task().variant));
            // Per budget group: the `refine` recordings with the best coarse cost, each with its best scalings.
            refined = new ArrayList<>();
            for (int group = 0; group < 2; group++) {
                Map<Integer, Integer> kept = new HashMap<>(); // doc -> variants kept
                for (Coarse c : costs) {
                    if (variants.budgetGroup(c.task().variant) != group || !Float.isFinite(c.cost())) continue;
                    Integer n = kept.get(c.task().doc);
                    if (n == null && kept.size() >= refine) continue;
                    if (n != null && n >= SCALES_REFINED) continue;
                    kept.put(c.task().doc, n == null ? 1 : n + 1);
                    refined.add(c.task());
                    coarseOf.put(c.task(), c.end());
                }
            }
        }
        return parallel(options, refined, t -> {
            RecordingMatcher.CoarseEnd c = coarseOf.get(t);
            // the full DTW matches only the window the coarse pass found best, around its pooled match (whose
            // start is looked up only for these few)
            List<DtwWindows.Window> ws = c == null ? windows.get(t)
                    : List.of(variants.coarseSpan(t.variant, chroma.get(t.doc), c).window());
            RecordingMatcher.Match m = variants.fine(t.variant, chroma.get(t.doc), ws, minSupport);
            return new Scored(t.doc, t.variant, m.end(), m.firstFrame());
        });
    }

    /** DTW of every variant against every live recording, in chunks of documents per thread. */
    private List<Scored> scoreAll(RecordingMatcher variants, SearchOptions options) throws IOException {
        record Chunk(LeafReaderContext leaf, int from, int to) {}
        List<Chunk> chunks = new ArrayList<>();
        for (LeafReaderContext leaf : index.reader().leaves()) {
            int max = leaf.reader().maxDoc();
            for (int from = 0; from < max; from += 64) chunks.add(new Chunk(leaf, from, Math.min(max, from + 64)));
        }
        int d = schema.dimension();
        List<List<Scored>> parts = parallel(options, chunks, c -> {
            List<Scored> out = new ArrayList<>();
            BinaryDocValues values = IndexSnapshot.chromaValues(c.leaf.reader());
            Bits live = c.leaf.reader().getLiveDocs();
            if (values == null) return out;
            for (int doc = values.advance(c.from); doc < c.to; doc = values.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                BytesRef b = values.binaryValue();
                float[] rec = RetrievalFeatures.dequantizeNormalized(b.bytes, b.offset, b.length, d);
                for (int v = 0; v < variants.size(); v++) {
                    out.add(new Scored(c.leaf.docBase + doc, v, variants.whole(v, rec, b.length / d).end(), 0));
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
     * Runs {@code job} over {@code items} on up to {@link SearchOptions#threads()} workers (the calling thread plus
     * pooled ones), each checking the search's deadline before every item; the results come grouped by worker, not
     * in item order.
     *
     * @throws SearchTimeoutException if the deadline passes before the last item
     */
    private <T, R> List<R> parallel(SearchOptions options, List<T> items, Job<T, R> job) throws IOException {
        int threads = options.threads();
        SearchDeadline deadline = options.deadline();
        if (threads <= 1 || items.size() <= 1) return every(items, 0, 1, job, deadline);
        int n = Math.min(threads, items.size());
        List<Future<List<R>>> futures = new ArrayList<>();
        try {
            for (int w = 1; w < n; w++) {
                final int worker = w;
                futures.add(workers.submit(() -> every(items, worker, n, job, deadline)));
            }
            List<R> out = new ArrayList<>(items.size());
            out.addAll(every(items, 0, n, job, deadline));
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
    private static <T, R> List<R> every(List<T> items, int first, int step, Job<T, R> job, SearchDeadline deadline)
            throws IOException {
        List<R> out = new ArrayList<>();
        for (int i = first; i < items.size(); i += step) {
            deadline.check();
            out.add(job.apply(items.get(i)));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        index.close();
    }
}
