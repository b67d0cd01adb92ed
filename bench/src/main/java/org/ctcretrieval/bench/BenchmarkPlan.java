package org.ctcretrieval.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctcretrieval.query.eval.QuerySpec;

/**
 * What a benchmark build selects: pieces, their recordings (with soundfont) and the queries cut from their
 * scores.
 *
 * @param pieces  selected pieces, sorted by name
 * @param queries queries, grouped by piece in piece order
 * @param skipped pieces examined but not selected, with the reason
 */
public record BenchmarkPlan(List<Piece> pieces, List<Query> queries, List<Skipped> skipped) {

    /**
     * A recording to render.
     *
     * @param recordingId  {@code <piece>/<performer>}, the ID under which the index knows {@code wav}
     * @param performance  the source performance
     * @param beats        its beat annotations (line-aligned with the score's)
     * @param soundfont    SoundFont used to render it
     * @param wav          output audio file
     * @param conditions   how the realistic preset renders it (empty: plain rendering)
     */
    public record Recording(String recordingId, DatasetPieces.Performance performance, BeatAnnotations beats,
            Path soundfont, Path wav, Optional<RenderConditions> conditions) {}

    /**
     * A selected piece.
     *
     * @param piece          the dataset piece
     * @param score          copy of its score inside the benchmark folder
     * @param measures       measures in the score
     * @param linearMeasures measures before the first repeat or jump (where snippets are cut)
     * @param staves         staves of the score's first part
     * @param recordings     its rendered performances, sorted by performer
     * @param snippets       the chosen snippets, in score order
     * @param scoreTempo     {@code marked} (the score states a tempo), {@code removed} (the realistic preset
     *                       copied it without its tempo marks) or {@code unmarked} (it states none)
     */
    public record Piece(DatasetPieces.Piece piece, Path score, int measures, int linearMeasures, int staves,
            List<Recording> recordings, List<AlignedScore.Window> snippets, String scoreTempo) {}

    /**
     * A query and where it sounds in every relevant recording.
     *
     * @param spec  the query as written to {@code queries.tsv}
     * @param piece the piece name
     * @param spans recording ID -> {start, end} seconds of the snippet in the performance (from the beat
     *              annotations: the performed times of the downbeats before and after the snippet)
     * @param tempoRatios recording ID -> performed tempo of the snippet over the tempo a reader of the query's
     *              score assumes (its marked tempo, or the default 120 quarters per minute without marks)
     */
    public record Query(QuerySpec spec, String piece, Map<String, double[]> spans, Map<String, Double> tempoRatios) {}

    /** A piece that was examined and left out, and why. */
    public record Skipped(String piece, String reason) {}

    /** Every recording of every selected piece. */
    public List<Recording> recordings() {
        return pieces.stream().flatMap(p -> p.recordings().stream()).toList();
    }
}
