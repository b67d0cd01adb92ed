package org.ctcretrieval.query.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a fused index turns the per-feature DTW costs of the recordings of one query into one ranking (lower fused
 * score = better). Costs of different features are not comparable as they are (cosine costs of cqt chroma run
 * higher than those of deep chroma), so each feature's costs are first normalised over the recordings of the query.
 *
 * <ul>
 *   <li>{@code zsum}: sum of the z-scores {@code (cost - mean) / sd} of each feature's costs.</li>
 *   <li>{@code zsum:W1,W2,...}: weighted sum of the z-scores, one weight per feature in index order.</li>
 *   <li>{@code wzsum} (the default): weighted sum of the z-scores by feature family, deep chroma
 *       {@value #DEEP_WEIGHT}, classic chroma ({@code cqt}, {@code cens}) {@value #CLASSIC_WEIGHT}: the best of
 *       the rules measured on the ASAP benchmark (docs/fusion.md).</li>
 *   <li>{@code rrf}: reciprocal rank fusion (Cormack, Clarke &amp; Büttcher, SIGIR 2009): minus the sum over the
 *       features of {@code 1 / (60 + rank)}, rank counted from 1 in each feature's cost order.</li>
 * </ul>
 *
 * @param kind    {@code zsum}, {@code wzsum} or {@code rrf}
 * @param weights one weight per feature for {@code zsum}; empty = equal weights
 */
public record FusionRule(String kind, List<Double> weights) {
    /** The RRF constant k of Cormack et al. */
    public static final int RRF_K = 60;

    /** Sum of z-scores, equal weights. */
    public static final FusionRule ZSUM = new FusionRule("zsum", List.of());
    /** Reciprocal rank fusion. */
    public static final FusionRule RRF = new FusionRule("rrf", List.of());
    /** Sum of z-scores weighted by feature family ({@link #DEEP_WEIGHT}, {@link #CLASSIC_WEIGHT}). */
    public static final FusionRule WZSUM = new FusionRule("wzsum", List.of());
    /** The rule a fused index uses unless told otherwise; chosen on the benchmark (docs/fusion.md). */
    public static final FusionRule DEFAULT = WZSUM;
    /** Weight of a deep chroma feature's z-scores under {@code wzsum}. */
    public static final double DEEP_WEIGHT = 1.0;
    /** Weight of a classic chroma feature's z-scores under {@code wzsum}. */
    public static final double CLASSIC_WEIGHT = 0.5;

    public FusionRule {
        weights = List.copyOf(weights);
        if (!kind.equals("zsum") && !kind.equals("rrf") && !kind.equals("wzsum")) {
            throw new IllegalArgumentException("unknown fusion rule: " + kind);
        }
        if (!kind.equals("zsum") && !weights.isEmpty()) throw new IllegalArgumentException(kind + " takes no weights");
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("fusion weights must be finite and >= 0: " + weights);
        }
    }

    /**
     * Parses {@code zsum}, {@code rrf} or {@code zsum:W1,W2,...}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static FusionRule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("zsum")) return ZSUM;
            if (t.equals("rrf")) return RRF;
            if (t.equals("wzsum")) return WZSUM;
            if (t.startsWith("zsum:")) {
                List<Double> w = new ArrayList<>();
                for (String s : t.substring(5).split(",", -1)) w.add(Double.parseDouble(s.trim()));
                return new FusionRule("zsum", w);
            }
        } catch (IllegalArgumentException e) {
            throw new org.ctcretrieval.common.UsageException("bad fusion rule '" + text + "': " + e.getMessage()
                    + " (use wzsum, zsum, rrf or zsum:W1,W2,... with one weight per feature)");
        }
        throw new org.ctcretrieval.common.UsageException("unknown fusion rule '" + text + "'; use wzsum, zsum, rrf or zsum:W1,W2,... (one weight per feature)");
    }

    /**
     * The rule with its weights fixed for {@code features} (index order): {@code wzsum} becomes {@code zsum} with
     * the family weights; other rules are returned as they are.
     */
    public FusionRule forFeatures(List<String> features) {
        if (!kind.equals("wzsum")) return this;
        List<Double> w = new ArrayList<>();
        for (String f : features) w.add(org.ctcretrieval.query.score.QueryModel.isDeepChroma(f) ? DEEP_WEIGHT : CLASSIC_WEIGHT);
        return new FusionRule("zsum", w);
    }

    /** Text form, as {@link #parse} reads it. */
    public String label() {
        if (weights.isEmpty()) return kind;
        List<String> w = new ArrayList<>();
        for (double d : weights) w.add(String.format(Locale.ROOT, "%s", d));
        return kind + ":" + String.join(",", w);
    }

    /**
     * Fused scores of {@code n} recordings from their costs under each feature.
     *
     * @param costs {@code costs[f][r]}: cost of recording r under feature f (finite)
     * @return {@code [0]}: fused score per recording (lower = better); {@code [1 + f]}: the normalised value of
     *     feature f per recording (z-score, or minus the RRF term), lower = better
     */
    public double[][] fuse(double[][] costs) {
        if (kind.equals("wzsum")) throw new IllegalStateException("wzsum needs the features: use forFeatures first");
        int features = costs.length;
        if (!weights.isEmpty() && weights.size() != features) {
            throw new org.ctcretrieval.common.UsageException("fusion rule " + label() + " has " + weights.size() + " weights for "
                    + features + " features");
        }
        int n = features == 0 ? 0 : costs[0].length;
        double[][] out = new double[features + 1][n];
        for (int f = 0; f < features; f++) {
            double[] norm = kind.equals("rrf") ? reciprocalRanks(costs[f]) : zScores(costs[f]);
            double w = weights.isEmpty() ? 1 : weights.get(f);
            for (int r = 0; r < n; r++) {
                out[1 + f][r] = norm[r];
                out[0][r] += w * norm[r];
            }
        }
        return out;
    }

    /** {@code (c - mean) / sd} (population sd); all 0 when the costs do not vary. */
    static double[] zScores(double[] c) {
        double mean = 0;
        for (double v : c) mean += v;
        mean /= Math.max(1, c.length);
        double var = 0;
        for (double v : c) var += (v - mean) * (v - mean);
        double sd = Math.sqrt(var / Math.max(1, c.length));
        double[] z = new double[c.length];
        for (int i = 0; i < c.length; i++) z[i] = sd > 1e-12 ? (c[i] - mean) / sd : 0;
        return z;
    }

    /** {@code -1 / (k + rank)}, rank from 1 in ascending cost order (ties: by position). */
    static double[] reciprocalRanks(double[] c) {
        Integer[] order = new Integer[c.length];
        for (int i = 0; i < c.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> c[a] != c[b] ? Double.compare(c[a], c[b]) : Integer.compare(a, b));
        double[] out = new double[c.length];
        for (int rank = 0; rank < order.length; rank++) out[order[rank]] = -1.0 / (RRF_K + rank + 1);
        return out;
    }
}
