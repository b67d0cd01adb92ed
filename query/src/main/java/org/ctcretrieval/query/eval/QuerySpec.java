package org.ctcretrieval.query.eval;

import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.query.score.MeasureRange;
import org.ctcretrieval.query.score.ScoreSelection;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One evaluation query: a score snippet and the recordings that play it.
 *
 * @param id        query identifier, unique within a query file
 * @param score     the score file (MusicXML, {@code .mxl} or MIDI), absolute
 * @param part      part selection as written in the query file (a MusicXML part ID such as {@code P1}, a part
 *                  name, or a 1-based part position); empty means all parts
 * @param staff     staff number within the part, 1-based (1 = upper staff = right hand of a piano part); empty
 *                  means all staves
 * @param measures  measure range; empty means the whole score
 * @param relevant  IDs of the recordings that play the snippet (see {@link RecordingIds}); non-empty, no
 *                  duplicates, in file order
 * @param source    file the query was read from, for error messages (may be {@code null} for built queries)
 * @param line      1-based line number in {@code source} (0 if unknown)
 * @param audio     for a query by audio (an excerpt of a performance, or a sung melody): the audio, its span and
 *                  kind; {@code score} is then the audio file and part, staff and measures are empty
 * @param transpose semitones the score is transposed up before searching (0 = as written), e.g. to test a search
 *                  in another key
 * @param bpm       tempo of the score in quarter notes per minute, overriding its own; empty = the score's
 */
public record QuerySpec(String id, Path score, Optional<String> part, OptionalInt staff,
        Optional<MeasureRange> measures, List<String> relevant, Path source, int line, Optional<AudioQuery> audio,
        int transpose, OptionalDouble bpm) {
    /** A query by audio. */
    public record AudioQuery(Path file, QueryAudio.AudioSpan span, AudioSearch.Kind kind) {}

    /** A score query. */
    public QuerySpec(String id, Path score, Optional<String> part, OptionalInt staff,
            Optional<MeasureRange> measures, List<String> relevant, Path source, int line) {
        this(id, score, part, staff, measures, relevant, source, line, Optional.empty());
    }

    /** A query without transposition or tempo override. */
    public QuerySpec(String id, Path score, Optional<String> part, OptionalInt staff,
            Optional<MeasureRange> measures, List<String> relevant, Path source, int line, Optional<AudioQuery> audio) {
        this(id, score, part, staff, measures, relevant, source, line, audio, 0, OptionalDouble.empty());
    }

    public QuerySpec {
        Objects.requireNonNull(audio);
        Objects.requireNonNull(id);
        Objects.requireNonNull(score);
        Objects.requireNonNull(part);
        Objects.requireNonNull(staff);
        Objects.requireNonNull(measures);
        Objects.requireNonNull(bpm);
        if (bpm.isPresent() && !(bpm.getAsDouble() > 0)) throw new IllegalArgumentException("query " + id + ": bpm must be positive");
        relevant = List.copyOf(relevant);
        if (relevant.isEmpty()) throw new UsageException("query " + id + " has no relevant recordings");
        if (relevant.stream().distinct().count() != relevant.size()) {
            throw new UsageException("query " + id + " lists a relevant recording twice");
        }
    }

    /** A query not read from a file (no source position). */
    public static QuerySpec of(String id, Path score, Optional<String> part, OptionalInt staff,
            Optional<MeasureRange> measures, List<String> relevant) {
        return new QuerySpec(id, score, part, staff, measures, relevant, null, 0);
    }

    /** The score selection of this query: its part, staff and measures, its tempo (bpm or notated), default fermatas. */
    public ScoreSelection selection() {
        return new ScoreSelection(part.orElse(null), staff.isPresent() ? staff.getAsInt() : null, measures.orElse(null),
                bpm.isPresent() ? bpm.getAsDouble() : null);
    }

    /** "file:line" of the query's source, or the query ID if it was not read from a file. */
    public String origin() {
        return source == null ? "query " + id : source + ":" + line;
    }
}
