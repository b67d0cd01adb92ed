package org.ctcretrieval.query.audio;

import java.util.List;

/**
 * Which feature of an index a sung, hummed or whistled query searches.
 *
 * <p>A sung melody is one note at a time, while the index holds the chroma of whole textures, and the features keep
 * a melody line to different degrees. On the sung benchmark (docs/benchmark.md, "Index features for sung queries":
 * random key, drift of ±50 cents, the same queries and search) MRR was 0.639 on {@code v2_linear_train345valid1},
 * 0.579 on {@code v2_ctc_train345valid1}, 0.531 on {@code v1_ctc_train1234valid5} and 0.365 on {@code cqt}. So in an
 * index of several features a melody searches, in this order of preference:
 * <ol>
 *   <li>deep chroma trained on strongly aligned linear targets ({@code v2_linear_*});</li>
 *   <li>deep chroma of the second model version trained with CTC ({@code v2_ctc_*});</li>
 *   <li>other deep chroma ({@code v1_*}, {@code v2_strong_*});</li>
 *   <li>classic chroma ({@code cqt}, {@code cens}).</li>
 * </ol>
 * Among features of the same rank the earlier one in index order wins. An excerpt of a performance is not a
 * melody: it searches the index's first feature, like a score theme.
 */
public final class MelodyFeature {
    private MelodyFeature() {
    }

    /**
     * @param features an index's features in index order (at least one)
     * @return the position in {@code features} of the feature a sung query searches
     */
    public static int of(List<String> features) {
        if (features.isEmpty()) throw new IllegalArgumentException("an index holds at least one feature");
        int best = 0;
        for (int i = 1; i < features.size(); i++) {
            if (rank(features.get(i)) < rank(features.get(best))) best = i;
        }
        return best;
    }

    /** Preference of a feature for melodies, lower is better (see the class comment). */
    static int rank(String featureId) {
        if (featureId.startsWith("v2_linear_")) return 0;
        if (featureId.startsWith("v2_ctc_")) return 1;
        if (featureId.startsWith("v1_") || featureId.startsWith("v2_")) return 2;
        return 3;
    }
}
