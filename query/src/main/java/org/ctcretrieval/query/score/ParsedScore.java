package org.ctcretrieval.query.score;

import java.util.List;

/**
 * Everything read from a score file before a selection is applied. Positions are in quarter notes from the start
 * of the piece.
 *
 * @param parts    parts in file order
 * @param notes    all pitched, sounding notes (ties merged), sorted by onset then pitch
 * @param measures measures in file order
 * @param tempo    the tempo written in the file
 * @param hasTempo whether the file states a tempo at all (otherwise {@link TempoMap#DEFAULT_BPM} is used)
 * @param holds    stretches under fermatas, merged ({@link HoldSpan#merge}); empty if there are none (always for
 *                 MIDI)
 * @param warnings irregularities that were repaired while reading, each naming the place
 */
record ParsedScore(List<PartInfo> parts, List<RawNote> notes, List<Measure> measures, TempoMap tempo,
                   boolean hasTempo, List<HoldSpan> holds, List<String> warnings) {

    /**
     * A note before selection.
     *
     * @param onset        quarter notes from the start of the piece
     * @param duration     quarter notes
     * @param pitch        sounding MIDI pitch
     * @param velocity     1..127
     * @param partIndex    0-based index into {@link #parts}
     * @param staff        staff from 1
     * @param voice        voice label
     * @param measureIndex 0-based index into {@link #measures} of the measure where the note starts
     */
    record RawNote(double onset, double duration, int pitch, int velocity, int partIndex, int staff, String voice,
                   int measureIndex) {}
}
