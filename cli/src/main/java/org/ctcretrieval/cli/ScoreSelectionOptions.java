package org.ctcretrieval.cli;

import org.ctcretrieval.query.score.MeasureRange;
import org.ctcretrieval.query.score.ScoreSelection;
import picocli.CommandLine.Option;

/** The options that choose what of a score is read ({@code --part --staff --measures --bpm --fermata}), shared by
 * {@code query} and {@code score}. */
public final class ScoreSelectionOptions {
    @Option(names = "--part", paramLabel = "P",
            description = "Read only this part of the score, by ID (P1), name (\"Violin I\") or 1-based index (MIDI:"
                    + " tracks with notes). Default: all parts.")
    String part;

    @Option(names = "--staff", paramLabel = "S",
            description = "Read only this staff within the part, e.g. 1 for the right hand of a piano part. Default: all.")
    Integer staff;

    @Option(names = "--measures", paramLabel = "A-B",
            description = "Read only these measures, by number as printed, inclusive, e.g. 5-12 or 7 (a pickup is"
                    + " usually 0). Default: the whole score.")
    String measures;

    @Option(names = "--bpm", paramLabel = "N",
            description = "Tempo in quarter notes per minute for the whole selection, overriding the score's own"
                    + " (a score without a tempo mark is read at 120 bpm and its tempo counts as unknown).")
    Double bpm;

    @Option(names = "--fermata", paramLabel = "FACTOR", defaultValue = "2",
            description = "How many times longer than written a note or rest under a fermata lasts (MusicXML"
                    + " <fermata>; MIDI has none): the tempo is divided by FACTOR inside it, so later notes move"
                    + " later. Default: ${DEFAULT-VALUE} (a common performance convention); 1 ignores fermatas."
                    + " Applies also with --bpm.")
    double fermata;

    /** What the options choose, for {@code ScoreReader.read}; --measures is parsed here (an error names it). */
    ScoreSelection selection() {
        return new ScoreSelection(part, staff, measures == null ? null : MeasureRange.parse(measures), bpm, fermata);
    }

    /** Whether the notes are chosen by part or staff (which overrides a search's query model). */
    boolean choosesNotes() {
        return part != null || staff != null;
    }
}
