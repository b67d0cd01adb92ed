package org.ctcretrieval.query.score;

import java.nio.file.Path;
import java.util.List;

/**
 * The notes of a score selection, ready to be turned into a query.
 *
 * @param source       the file read
 * @param format       {@code musicxml}, {@code mxl} or {@code midi}
 * @param parts        all parts of the file (selection or not), in file order
 * @param selectedParts the parts the notes come from
 * @param measures     the selected measures, with {@link Measure#startBeat()} relative to the selection start
 * @param notes        the selected notes sorted by onset, then pitch; times relative to the selection start
 * @param startBeat    position of the selection start in the whole piece, in quarter notes
 * @param tempo        the tempo used (file tempo map, or the constant override, slowed inside fermata holds by the
 *                     selection's fermata factor), over the whole piece
 * @param tempoSource  {@code file}, {@code default} (file states none: {@value TempoMap#DEFAULT_BPM} bpm) or
 *                     {@code override}
 * @param holds        stretches under fermatas within the selection, in quarter notes relative to its start
 *                     (whether they are held longer depends on {@link ScoreSelection#fermataFactor()})
 * @param warnings     irregularities of the file that were repaired while reading (e.g. a {@code <backup>} past
 *                     the measure start), each naming the place; empty for a clean file
 */
public record Score(Path source, String format, List<PartInfo> parts, List<PartInfo> selectedParts,
                    List<Measure> measures, List<Note> notes, double startBeat, TempoMap tempo,
                    String tempoSource, List<HoldSpan> holds, List<String> warnings) {

    /** End of the selection in seconds (end of the last selected measure) relative to its start. */
    public double durationSeconds() {
        if (measures.isEmpty()) return 0;
        Measure last = measures.get(measures.size() - 1);
        return tempo.seconds(startBeat + last.endBeat()) - tempo.seconds(startBeat);
    }

    /** Length of the selection in quarter notes. */
    public double durationBeats() {
        return measures.isEmpty() ? 0 : measures.get(measures.size() - 1).endBeat();
    }
}
