package org.ctcretrieval.solr.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.ShardParams;
import org.apache.solr.common.SolrDocumentList;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.ctcretrieval.query.search.CandidateQuery;
import org.ctcretrieval.query.search.DtwWindows;
import org.ctcretrieval.query.search.RecordingMatcher;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.ThemeSearcher;
import org.ctcretrieval.solr.ThemeParams;
import org.ctcretrieval.solr.ThemeParams.ShiftWindow;

/**
 * The theme search of {@link ThemeSearcher} on a SolrCloud collection, with the same ranking. The expensive
 * work runs on the shards, next to the data (the configset's plugin); the client only resamples the theme and
 * applies the rules that compare all candidates. Three requests:
 * <ol>
 *   <li><b>Candidates</b> ({@code {!ctcr_candidates}}, once per transposition): BM25 over the theme's shingles
 *       with the whole collection's statistics; Solr merges the shards' top N into the collection's.</li>
 *   <li><b>Windows</b> ({@code [ctcr_windows]} on the candidates): each shard returns its candidates' DTW windows
 *       with their support, and their coarse costs when the coarse pass applies. The client computes the least
 *       support from the best window of all candidates and keeps the candidates the embedded searcher keeps.</li>
 *   <li><b>DTW</b> ({@code {!ctcr_dtw}} with {@code [ctcr_match]}): each shard runs the full DTW inside the chosen
 *       windows and returns its best K with costs and spans; Solr merges them by cost. An exhaustive search
 *       sends only this request, without windows.</li>
 * </ol>
 * Ties in cost (and candidate scores at the cut-off) are broken by recording ID; the embedded index breaks them
 * by document number, which is the ID order for a collection indexed in one run.
 */
public final class SolrThemeSearcher implements AutoCloseable {
    /**
     * Request parameter (Solr 9.6+): false skips the round trip that gathers the collection's term statistics, for
     * the requests that score nothing by BM25.
     */
    static final String DISTRIB_STATS_CACHE = "distrib.statsCache";
    /** Request parameter: the number that picks the replica of each shard for every request of a search. */
    static final String ROUTE = "ctcr.route";
    /** The parameters a node logs for a request of a search. */
    static final String LOGGED_PARAMS = "q,rows,distrib,isShard,shards.purpose," + ROUTE;
    /** The candidate requests of one search (one per transposition) run side by side on these threads. */
    private static final java.util.concurrent.ExecutorService CANDIDATE_REQUESTS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ctcr-solr-candidates");
        t.setDaemon(true);
        return t;
    });

    private final SolrRecordings collection;
    private final IndexSchema schema;
    private final ShingleQuantizer quantizer;

    private SolrThemeSearcher(SolrRecordings collection, IndexSchema schema) {
        this.collection = collection;
        this.schema = schema;
        this.quantizer = new ShingleQuantizer(schema.quantizer());
    }

    /**
     * Reads the collection's setup.
     *
     * @throws IOException if the collection holds no recordings yet or cannot be reached
     */
    public static SolrThemeSearcher open(SolrRecordings collection) throws IOException {
        IndexSchema schema = collection.setup();
        if (schema == null) {
            throw new IOException("collection " + collection.nodes().collection() + " holds no recordings (index some with"
                    + " 'ctcr index --solr URL --collection " + collection.nodes().collection() + " -i AUDIO_DIR')");
        }
        return new SolrThemeSearcher(collection, schema);
    }

    public IndexSchema schema() {
        return schema;
    }

    public SolrRecordings collection() {
        return collection;
    }

    /**
     * The result of a search.
     *
     * @param hits         ranked recordings, best first
     * @param scored       (recording, transposition) pairs handed to the full DTW (all recordings when exhaustive)
     * @param exhaustive   whether DTW ran against every recording
     * @param candidateIds recordings the candidate stage selected (empty when exhaustive)
     * @param requests     the requests the search sent, in the order they were sent
     */
    public record Result(List<SearchHit> hits, long scored, boolean exhaustive, List<String> candidateIds,
                         List<Request> requests) {
        /** The result in the form of a one-feature search of an embedded index (what the JSON output takes). */
        public org.ctcretrieval.query.search.FusedSearcher.Result fused() {
            return new org.ctcretrieval.query.search.FusedSearcher.Result(hits, (int) Math.min(Integer.MAX_VALUE, scored),
                    exhaustive, candidateIds, Map.of());
        }
    }

    /**
     * One request of a search and where its time went.
     *
     * @param phase     {@code candidates}, {@code windows} or {@code dtw}
     * @param elapsedMs wall time at the client, from sending to the parsed response
     * @param qTimeMs   Solr's {@code QTime}: the time the node that took the request spent on it, shards included
     */
    public record Request(String phase, double elapsedMs, int qTimeMs) {}

    /** A candidate recording and a query variant (time scaling x transposition) to match it with. */
    private record Task(String id, int shift) {}

    /** Searches the collection for {@code query}; see {@link ThemeSearcher#search}. */
    public Result search(FeatureSequence query, SearchOptions options) throws IOException {
        String name = "collection " + collection.nodes().collection();
        ThemeSearcher.checkQuery(query, schema, name);
        RecordingMatcher matcher = RecordingMatcher.of(query, options, schema);
        List<String> scaled = new ArrayList<>(), scales = new ArrayList<>(), shifts = new ArrayList<>();
        for (int sc = 0; sc < matcher.scales(); sc++) {
            scaled.add(ThemeParams.encodeQuery(matcher.frames(matcher.id(sc, 0)))); // transposition 0 comes first
            scales.add(Double.toString(matcher.scale(sc)));
        }
        for (int h = 0; h < matcher.shifts(); h++) shifts.add(Integer.toString(matcher.semitones(matcher.id(0, h))));
        Map<String, String> theme = new LinkedHashMap<>();
        theme.put(ThemeParams.QUERY, String.join(";", scaled));
        theme.put(ThemeParams.SCALES, String.join(",", scales));
        theme.put(ThemeParams.SETUP, ThemeParams.encodeSetup(schema));
        theme.put(ThemeParams.SHIFTS, String.join(",", shifts));
        theme.put(ThemeParams.OCCURRENCES, Integer.toString(options.occurrences()));
        // every request of the search asks the same replica of each shard (chosen by a hash of the theme, so that
        // searches spread over the replicas): the statistics and the query of a candidate request, the windows and
        // the DTW then find the theme, its term states and its matches in that replica's caches
        theme.put(ROUTE, Integer.toString(theme.get(ThemeParams.QUERY).hashCode() & Integer.MAX_VALUE));
        theme.put(ShardParams.SHARDS_PREFERENCE, ShardParams.SHARDS_PREFERENCE_REPLICA_BASE + ":" + ShardParams.REPLICA_STABLE
                + ":" + ShardParams.ROUTING_DIVIDEND + ":" + ROUTE);
        // a node logs only these parameters of a request, not the theme (encoding it for the log is a cost of
        // every request on every node it reaches)
        theme.put(org.apache.solr.common.params.CommonParams.LOG_PARAMS_LIST, LOGGED_PARAMS);
        List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean exhaustive = options.exhaustive();
        CandidateQuery[] termQueries = new CandidateQuery[matcher.size()];
        for (int v = 0; v < matcher.size() && !exhaustive; v++) {
            termQueries[v] = CandidateQuery.build(quantizer, matcher.frames(v));
            // too few shingles to select candidates
            if (termQueries[v] == null && v / matcher.shifts() == matcher.unscaled()) exhaustive = true;
        }
        if (exhaustive) {
            List<SearchHit> hits = rank(theme, null, options.top(), matcher, Map.of(), requests);
            return new Result(hits, collection.count() * matcher.size(), true, List.of(), List.copyOf(requests));
        }
        // 1. candidates per transposition (over all its time scalings)
        List<Task> tasks = new ArrayList<>();
        Map<String, Double> candidateScore = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        List<List<String>> candidatesOfShift = new ArrayList<>();
        List<java.util.concurrent.Future<SolrDocumentList>> perShift = new ArrayList<>();
        for (int h = 0; h < matcher.shifts(); h++) {
            SolrQuery sq = query(theme, "{!" + org.ctcretrieval.solr.plugin.CandidatesQParserPlugin.NAME + " shift=" + h + "}");
            sq.setFields(IndexSchema.FIELD_ID, "score");
            sq.setRows(options.candidatesOfShift(matcher.semitones(matcher.id(0, h))));
            perShift.add(CANDIDATE_REQUESTS.submit(() -> request(sq, "candidates", requests)));
        }
        for (int h = 0; h < matcher.shifts(); h++) {
            List<String> ofShift = new ArrayList<>();
            candidatesOfShift.add(ofShift);
            for (SolrDocument d : await(perShift.get(h))) {
                String id = String.valueOf(d.getFirstValue(IndexSchema.FIELD_ID));
                ofShift.add(id);
                for (int sc = 0; sc < matcher.scales(); sc++) {
                    if (termQueries[matcher.id(sc, h)] != null) tasks.add(new Task(id, matcher.id(sc, h)));
                }
                candidateScore.merge(id, ((Number) d.getFirstValue("score")).doubleValue(), Math::max);
                seen.add(id);
            }
        }
        if (tasks.isEmpty()) return new Result(List.of(), 0, false, List.of(), List.copyOf(requests));
        // 2. windows (and coarse costs) of every candidate
        options.deadline().check();
        boolean coarse = matcher.coarseApplies(seen.size(), options.top());
        Map<Task, List<WindowInfo>> windows = windows(theme, seen, candidatesOfShift, coarse, requests);
        int maxSupport = 0;
        for (Task t : tasks) for (WindowInfo w : windows.getOrDefault(t, List.of())) maxSupport = Math.max(maxSupport, w.window.support());
        int minSupport = RecordingMatcher.minSupport(maxSupport);
        Map<String, List<ShiftWindow>> chosen = new LinkedHashMap<>();
        int scored;
        if (coarse) {
            record Coarse(Task task, float cost, DtwWindows.Window window) {}
            List<Coarse> costs = new ArrayList<>();
            for (Task t : tasks) {
                Coarse best = new Coarse(t, Float.POSITIVE_INFINITY, null);
                for (WindowInfo w : windows.getOrDefault(t, List.of())) {
                    if (w.window.support() < minSupport) continue;
                    if (w.coarseCost < best.cost()) best = new Coarse(t, w.coarseCost, w.narrowed);
                }
                costs.add(best);
            }
            costs.sort(Comparator.comparingDouble(Coarse::cost).thenComparing(c -> c.task().id())
                    .thenComparingInt(c -> c.task().shift()));
            // per coarse budget, the recordings with the best coarse cost, each with its best time scalings
            int refine = RecordingMatcher.refined(options.top());
            scored = 0;
            for (int group = 0; group < 2; group++) {
                Map<String, Integer> kept = new HashMap<>(); // recording -> variants kept
                for (Coarse c : costs) {
                    if (matcher.budgetGroup(c.task().shift()) != group || !Float.isFinite(c.cost())) continue;
                    Integer n = kept.get(c.task().id());
                    if (n == null && kept.size() >= refine) continue;
                    if (n != null && n >= RecordingMatcher.SCALES_REFINED) continue;
                    kept.put(c.task().id(), n == null ? 1 : n + 1);
                    chosen.computeIfAbsent(c.task().id(), k -> new ArrayList<>()).add(new ShiftWindow(c.task().shift(), c.window()));
                    scored++;
                }
            }
        } else {
            scored = tasks.size();
            for (Task t : tasks) {
                for (WindowInfo w : windows.getOrDefault(t, List.of())) {
                    if (w.window.support() < minSupport) continue;
                    chosen.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(new ShiftWindow(t.shift(), w.window));
                }
            }
        }
        // 3. full DTW on the shards, best K merged by Solr
        options.deadline().check();
        List<SearchHit> hits = chosen.isEmpty() ? List.of() : rank(theme, chosen, options.top(), matcher, candidateScore, requests);
        return new Result(hits, scored, false, new ArrayList<>(seen), List.copyOf(requests));
    }

    private record WindowInfo(DtwWindows.Window window, float coarseCost, DtwWindows.Window narrowed) {}

    private Map<Task, List<WindowInfo>> windows(Map<String, String> theme, Set<String> ids, List<List<String>> candidatesOfShift,
                                              boolean coarse, List<Request> requests) throws IOException {
        SolrQuery sq = query(theme, "{!terms f=" + IndexSchema.FIELD_ID + " separator=\"\t\"}" + String.join("\t", ids));
        sq.set(ThemeParams.CANDIDATES, ThemeParams.encodeCandidates(candidatesOfShift));
        sq.set(org.ctcretrieval.solr.plugin.WindowsTransformerFactory.COARSE, coarse);
        // every candidate is returned: one pass (fields with the IDs), and no term statistics (nothing is scored)
        sq.set(ShardParams.DISTRIB_SINGLE_PASS, true);
        sq.set(DISTRIB_STATS_CACHE, false);
        sq.setFields(IndexSchema.FIELD_ID, "w:[" + org.ctcretrieval.solr.plugin.WindowsTransformerFactory.NAME + "]");
        sq.setRows(ids.size());
        Map<Task, List<WindowInfo>> out = new HashMap<>();
        for (SolrDocument d : request(sq, "windows", requests)) {
            String id = String.valueOf(d.getFirstValue(IndexSchema.FIELD_ID));
            Object w = d.getFirstValue("w");
            if (w == null || w.toString().isEmpty()) continue;
            for (String part : w.toString().split(";")) {
                String[] f = part.split(",");
                DtwWindows.Window window = new DtwWindows.Window(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
                int nFrom = Integer.parseInt(f[5]);
                DtwWindows.Window narrowed = nFrom < 0 ? null : new DtwWindows.Window(nFrom, Integer.parseInt(f[6]), window.support());
                out.computeIfAbsent(new Task(id, Integer.parseInt(f[0])), k -> new ArrayList<>())
                        .add(new WindowInfo(window, Float.parseFloat(f[4]), narrowed));
            }
        }
        return out;
    }

    /**
     * The full DTW request: the shards' best {@code top} by windowed cost, merged by Solr, each then located over
     * its whole recording on its shard and ranked by the located cost as {@link ThemeSearcher} ranks its top hits.
     */
    private List<SearchHit> rank(Map<String, String> theme, Map<String, List<ShiftWindow>> windows, int top,
                                 RecordingMatcher matcher, Map<String, Double> candidateScore,
                                 List<Request> requests) throws IOException {
        SolrQuery sq = query(theme, "{!" + org.ctcretrieval.solr.plugin.DtwQParserPlugin.NAME + "}");
        if (windows != null) sq.set(ThemeParams.WINDOWS, ThemeParams.encodeWindows(windows));
        sq.set(DISTRIB_STATS_CACHE, false); // scored by DTW cost: no term statistics
        sq.setFields(IndexSchema.FIELD_ID,
                "m:[" + org.ctcretrieval.solr.plugin.MatchTransformerFactory.NAME + "]");
        sq.setRows(top);
        double rate = schema.retrievalRate();
        record Ranked(String id, double rankCost, List<SearchHit.Occurrence> occurrences, int variant, double tempo,
                      double tuning) {}
        List<Ranked> ranked = new ArrayList<>();
        for (SolrDocument d : request(sq, "dtw", requests)) {
            Object m = d.getFirstValue("m");
            String id = String.valueOf(d.getFirstValue(IndexSchema.FIELD_ID));
            if (m == null) throw new IOException("collection " + collection.nodes().collection() + ": a shard returned no match for " + id);
            String[] parts = m.toString().split(";");
            List<SearchHit.Occurrence> occurrences = new ArrayList<>();
            int firstVariant = -1;
            double firstTempo = Double.NaN;
            for (int i = 1; i < parts.length; i++) {
                String[] f = parts[i].split(",");
                int variant = Integer.parseInt(f[3]);
                DtwMatch match = new DtwMatch(Float.parseFloat(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                double tempo = matcher.tempo(match);
                occurrences.add(new SearchHit.Occurrence(matcher.rankCost(match.cost(), variant), match.startSeconds(rate),
                        match.endSeconds(rate), tempo));
                if (i == 1) {
                    firstVariant = variant;
                    firstTempo = tempo;
                }
            }
            String[] head = parts[0].split(",");
            ranked.add(new Ranked(id, Double.parseDouble(head[0]), occurrences, firstVariant, firstTempo,
                    Double.parseDouble(head[1])));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::rankCost).thenComparing(Ranked::id));
        List<SearchHit> hits = new ArrayList<>();
        for (Ranked r : ranked) {
            SearchHit.Occurrence first = r.occurrences().get(0);
            hits.add(new SearchHit(hits.size() + 1, r.id(), r.rankCost(), first.startSeconds(), first.endSeconds(),
                    candidateScore.getOrDefault(r.id(), Double.NaN), matcher.semitones(r.variant()), r.tempo(),
                    r.tuning(), r.occurrences()));
        }
        return hits;
    }

    private static SolrQuery query(Map<String, String> theme, String q) {
        SolrQuery sq = new SolrQuery(q);
        theme.forEach(sq::set);
        // ties in score: recording ID, the embedded index's document order for a collection indexed in one run
        sq.addSort("score", SolrQuery.ORDER.desc);
        sq.addSort(IndexSchema.FIELD_ID, SolrQuery.ORDER.asc);
        return sq;
    }

    private static SolrDocumentList await(java.util.concurrent.Future<SolrDocumentList> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    private SolrDocumentList request(SolrQuery q, String phase, List<Request> log) throws IOException {
        long t0 = System.nanoTime();
        org.apache.solr.client.solrj.response.QueryResponse r = collection.nodes().request(new QueryRequest(q, SolrRequest.METHOD.POST));
        log.add(new Request(phase, (System.nanoTime() - t0) / 1e6, r.getQTime()));
        return r.getResults();
    }

    @Override
    public void close() throws IOException {
        collection.nodes().close();
    }
}
