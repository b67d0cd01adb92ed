package org.ctcretrieval.query.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.indexer.FeatureSetLayout;

/**
 * Searches an index of one or several feature types ({@link FeatureSetLayout}). With one feature it is that
 * feature's {@link ThemeSearcher}. With several:
 *
 * <ol>
 *   <li>each feature runs its own search (candidate stage and DTW, or exhaustive DTW) with its own query chroma;</li>
 *   <li>the recordings any feature ranked form the union;</li>
 *   <li>every feature scores the union's recordings it did not rank itself
 *       ({@link ThemeSearcher#scoreRecordings}), so each recording has a DTW cost under every feature;</li>
 *   <li>the costs are normalised per query and feature and fused ({@link FusionRule}) into one ranking; a hit's
 *       span is that of the feature whose normalised cost is best for that recording.</li>
 * </ol>
 *
 * <p>Safe for concurrent searches, as its searchers are.
 */
public final class FusedSearcher implements Closeable {
    private final Path indexDir;
    private final List<String> features;
    private final List<ThemeSearcher> searchers;

    private FusedSearcher(Path indexDir, List<String> features, List<ThemeSearcher> searchers) {
        this.indexDir = indexDir;
        this.features = List.copyOf(features);
        this.searchers = List.copyOf(searchers);
    }

    /**
     * Opens the index in {@code indexDir}: a fused index (manifest and one sub-index per feature) or a
     * single-feature one.
     *
     * @throws org.ctcretrieval.common.InputException if the folder is not a readable index of a supported format
     */
    public static FusedSearcher open(Path indexDir) throws IOException {
        if (!FeatureSetLayout.isFused(indexDir)) {
            ThemeSearcher s = ThemeSearcher.open(indexDir);
            return new FusedSearcher(indexDir, List.of(s.index().schema().featureId()), List.of(s));
        }
        List<String> features = FeatureSetLayout.features(indexDir);
        List<ThemeSearcher> searchers = new ArrayList<>();
        try {
            for (String f : features) {
                ThemeSearcher s = ThemeSearcher.open(FeatureSetLayout.featureDir(indexDir, f));
                if (!s.index().schema().featureId().equals(f)) {
                    s.close();
                    throw new org.ctcretrieval.common.InputException(indexDir, "sub-index " + f + " holds the features "
                            + s.index().schema().featureId() + "; re-index the collection");
                }
                searchers.add(s);
            }
        } catch (IOException | RuntimeException e) {
            for (ThemeSearcher s : searchers) s.close();
            throw e;
        }
        return new FusedSearcher(indexDir, features, searchers);
    }

    public Path path() {
        return indexDir;
    }

    /** The index's features, in index order. */
    public List<String> features() {
        return features;
    }

    /** The searcher of feature {@code i} (in {@link #features()} order). */
    public ThemeSearcher searcher(int i) {
        return searchers.get(i);
    }

    /** Whether the index holds several features. */
    public boolean fused() {
        return features.size() > 1;
    }

    /**
     * The answer of one search.
     *
     * @param hits         ranked recordings; for a fused index {@link SearchHit#cost()} is the fused score (lower =
     *                     better; a z-score sum can be negative) and the span that of the best feature
     * @param scored       (recording, transposition) pairs handed to DTW, over all features
     * @param exhaustive   whether every recording was scored (by every feature)
     * @param candidateIds recording IDs the candidate stages kept (union over the features; empty when exhaustive);
     *                     on a single-feature index read from the index when first asked for, so read them while
     *                     the searcher is open
     * @param featureCosts per hit ID: the DTW cost under each feature, in index order
     */
    public record Result(List<SearchHit> hits, int scored, boolean exhaustive, List<String> candidateIds,
                         Map<String, double[]> featureCosts) {}

    /**
     * Searches every feature with its query and fuses the results.
     *
     * @param queries one query per feature, in {@link #features()} order (e.g. score chroma under each feature's
     *                query model)
     * @param rule    fusion of the per-feature costs (ignored for a single-feature index)
     */
    public Result search(List<FeatureSequence> queries, SearchOptions options, FusionRule rule) throws IOException {
        if (queries.size() != features.size()) {
            throw new IllegalArgumentException(queries.size() + " queries for " + features.size() + " features");
        }
        if (!fused()) {
            ThemeSearcher s = searchers.get(0);
            SearchResult r = s.search(queries.get(0), options);
            List<String> candidates = new CandidateIds(s.index(), r.candidateDocs().stream().mapToInt(Integer::intValue).toArray());
            Map<String, double[]> costs = new HashMap<>();
            for (SearchHit h : r.hits()) costs.put(h.id(), new double[] {h.cost()});
            return new Result(r.hits(), r.scored(), r.exhaustive(), candidates, costs);
        }
        rule = rule.forFeatures(features);
        if (!rule.weights().isEmpty() && rule.weights().size() != features.size()) {
            throw new org.ctcretrieval.common.UsageException("fusion rule " + rule.label() + " has " + rule.weights().size()
                    + " weights, the index " + features.size() + " features (" + String.join(",", features) + ")");
        }
        int n = features.size();
        List<Map<String, SearchHit>> perFeature = new ArrayList<>();
        Set<String> union = new LinkedHashSet<>();
        Set<String> candidates = new LinkedHashSet<>();
        boolean exhaustive = true;
        int scored = 0;
        for (int f = 0; f < n; f++) {
            ThemeSearcher s = searchers.get(f);
            // Each feature ranks as many recordings as its own search would re-score for this top K.
            int depth = options.exhaustive() ? Math.max(1, s.index().recordings())
                    : Math.min(options.candidates(), Math.max(ThemeSearcher.MIN_REFINED, ThemeSearcher.REFINED_PER_HIT * options.top()));
            SearchResult r = s.search(queries.get(f), options.withTop(depth));
            exhaustive &= r.exhaustive();
            scored += r.scored();
            for (int doc : r.candidateDocs()) candidates.add(s.index().id(doc));
            Map<String, SearchHit> byId = new HashMap<>();
            for (SearchHit h : r.hits()) {
                byId.put(h.id(), h);
                union.add(h.id());
            }
            perFeature.add(byId);
        }
        for (int f = 0; f < n; f++) {
            List<String> missing = new ArrayList<>();
            for (String id : union) if (!perFeature.get(f).containsKey(id)) missing.add(id);
            if (!missing.isEmpty()) perFeature.get(f).putAll(searchers.get(f).scoreRecordings(queries.get(f), missing, options));
            scored += missing.size() * (options.transpose() ? 12 : 1);
        }
        // Only recordings every feature could score are fused (a recording missing from one sub-index, e.g. an
        // interrupted run, is left out rather than guessed).
        List<String> ids = new ArrayList<>();
        for (String id : union) {
            boolean all = true;
            for (Map<String, SearchHit> m : perFeature) all &= m.containsKey(id);
            if (all) ids.add(id);
        }
        double[][] costs = new double[n][ids.size()];
        for (int f = 0; f < n; f++) for (int r = 0; r < ids.size(); r++) costs[f][r] = perFeature.get(f).get(ids.get(r)).cost();
        double[][] fused = rule.fuse(costs);
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer r) -> fused[0][r]).thenComparing(ids::get));
        List<SearchHit> hits = new ArrayList<>();
        Map<String, double[]> featureCosts = new HashMap<>();
        for (int k = 0; k < Math.min(options.top(), order.length); k++) {
            int r = order[k];
            int best = 0;
            for (int f = 1; f < n; f++) if (fused[1 + f][r] < fused[1 + best][r]) best = f;
            SearchHit span = perFeature.get(best).get(ids.get(r));
            hits.add(new SearchHit(k + 1, ids.get(r), fused[0][r], span.startSeconds(), span.endSeconds(),
                    span.candidateScore(), span.transposition()));
            double[] c = new double[n];
            for (int f = 0; f < n; f++) c[f] = costs[f][r];
            featureCosts.put(ids.get(r), c);
        }
        return new Result(hits, scored, exhaustive, exhaustive ? List.of() : List.copyOf(candidates), featureCosts);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (ThemeSearcher s : searchers) {
            try {
                s.close();
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }
}
