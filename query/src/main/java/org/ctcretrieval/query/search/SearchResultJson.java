package org.ctcretrieval.query.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a search result, shared by {@code ctcr query --json} and the search server's
 * {@code POST /api/search}, so a script reads both the same way.
 */
public final class SearchResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SearchResultJson() {}

    /**
     * An object with {@code index}, {@code query}, {@code exhaustive}, {@code scored}, {@code milliseconds} and a
     * {@code results} array, best first (rank, id, path, cost, start, end, candidateScore, transposition).
     *
     * @param index        how the index is named to the reader (its folder)
     * @param query        how the query is named to the reader (its file)
     * @param milliseconds search time
     */
    public static ObjectNode of(SearchResult r, String index, String query, double milliseconds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("index", index);
        root.put("query", query);
        root.put("exhaustive", r.exhaustive());
        root.put("scored", r.scored());
        root.put("milliseconds", Math.round(milliseconds * 10) / 10.0);
        root.put("tempoRange", r.tempo().toString());
        ArrayNode results = root.putArray("results");
        for (SearchHit h : r.hits()) {
            ObjectNode o = results.addObject();
            o.put("rank", h.rank());
            o.put("id", h.id());
            o.put("path", h.id());
            o.put("cost", h.cost());
            o.put("start", h.startSeconds());
            o.put("end", h.endSeconds());
            if (Double.isNaN(h.candidateScore())) o.putNull("candidateScore"); else o.put("candidateScore", h.candidateScore());
            o.put("transposition", signedTransposition(h.transposition()));
            number(o, "tempo", h.tempo());
            number(o, "tuningCents", h.tuningCents());
            ArrayNode occurrences = o.putArray("occurrences");
            for (SearchHit.Occurrence x : h.occurrences()) {
                ObjectNode j = occurrences.addObject();
                j.put("cost", x.cost());
                j.put("start", x.startSeconds());
                j.put("end", x.endSeconds());
                number(j, "tempo", x.tempo());
            }
        }
        return root;
    }

    /** Transposition as the smallest signed shift: 9 semitones up = 3 down. */
    public static int signedTransposition(int shift) {
        return shift > 6 ? shift - 12 : shift;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) o.putNull(key); else o.put(key, v);
    }
}
