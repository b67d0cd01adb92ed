package org.ctcretrieval.query.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.score.QueryModel;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreChroma;

/**
 * A theme searched as {@code ctcr query} searches it: for every feature of the index, the theme's chroma under
 * that feature family's query model ({@link QueryModel#defaultFor}, unless one model is asked for), then one
 * {@link FusedSearcher} search. The command line, the evaluation and the server share it, so the same theme and
 * options give the same ranking everywhere.
 */
public final class ScoreSearch {
    private ScoreSearch() {
    }

    /**
     * The query chroma of {@code score} for every feature of {@code features}, each under its query model.
     *
     * @param userChoseNotes whether the user picked the part or staff (the model then keeps all of its notes)
     */
    public static List<FeatureSequence> queries(Score score, boolean userChoseNotes, List<String> features,
            Optional<QueryModel> override) {
        Map<QueryModel, FeatureSequence> byModel = new EnumMap<>(QueryModel.class);
        List<FeatureSequence> out = new ArrayList<>();
        for (String f : features) {
            QueryModel m = override.orElse(QueryModel.defaultFor(f));
            out.add(byModel.computeIfAbsent(m, k -> k.chroma(score, userChoseNotes, ScoreChroma.QUERY_RATE)));
        }
        return out;
    }

    /** The same chroma (e.g. given as numbers rather than a score) for every feature of the index. */
    public static List<FeatureSequence> queries(FeatureSequence chroma, List<String> features) {
        return Collections.nCopies(features.size(), chroma);
    }

    /** Searches {@code score} in every feature of {@code searcher} and fuses the rankings with {@code rule}. */
    public static FusedSearcher.Result search(FusedSearcher searcher, Score score, boolean userChoseNotes,
            Optional<QueryModel> override, SearchOptions options, FusionRule rule) throws IOException {
        return searcher.search(queries(score, userChoseNotes, searcher.features(), override), options, rule);
    }
}
