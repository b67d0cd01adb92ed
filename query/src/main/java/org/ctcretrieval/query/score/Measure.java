package org.ctcretrieval.query.score;

/**
 * A measure of the piece in file order (repeats are not unfolded).
 *
 * @param number       number as printed (MusicXML {@code measure/@number}, e.g. {@code "0"} for a pickup,
 *                     {@code "12"} or {@code "X1"}); MIDI: bar count from 1
 * @param numeric      the number used by measure ranges: the printed number if it is an integer, otherwise that
 *                     of the closest preceding measure with an integer number (0 if none)
 * @param implicit     MusicXML {@code implicit="yes"}: not counted in the printed numbering (pickup or the second
 *                     half of a bar split by a repeat sign)
 * @param startBeat    start in quarter notes (from the start of the piece in {@link ParsedScore}; from the start
 *                     of the selection in {@link Score})
 * @param lengthBeats  length in quarter notes (the longest voice of any part in it)
 */
public record Measure(String number, int numeric, boolean implicit, double startBeat, double lengthBeats) {

    public double endBeat() {
        return startBeat + lengthBeats;
    }
}
