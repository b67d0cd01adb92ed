package org.ctcretrieval.query.score;

/**
 * One sounding note of a score, in sounding (concert) pitch, after ties have been merged.
 *
 * <p>Times are relative to the start of the selection (the first selected measure, or the start of the piece):
 * beats are quarter notes, seconds follow the score's tempo map (or the {@code --bpm} override).
 *
 * @param onsetBeats      onset in quarter notes
 * @param durationBeats   duration in quarter notes (tied notes merged; clipped at the end of the selection); 0 for
 *                        a grace note
 * @param onsetSeconds    onset in seconds
 * @param durationSeconds duration in seconds
 * @param pitch           MIDI pitch number (60 = C4), sounding pitch
 * @param velocity        MIDI velocity 1..127 (MusicXML: from {@code dynamics}, default 80)
 * @param part            ID of the part (MusicXML {@code part/@id}; MIDI {@code T<track number>})
 * @param staff           staff number within the part, from 1 (MIDI: always 1)
 * @param voice           voice label (MusicXML {@code <voice>}, default "1"; MIDI: channel number 1..16)
 * @param measure         number of the measure as printed (MusicXML {@code measure/@number}; MIDI: bar count
 *                        from the time signatures, from 1)
 */
public record Note(double onsetBeats, double durationBeats, double onsetSeconds, double durationSeconds,
                   int pitch, int velocity, String part, int staff, String voice, String measure) {

    /** Offset (end) in seconds. */
    public double offsetSeconds() {
        return onsetSeconds + durationSeconds;
    }

    /** Offset (end) in quarter notes. */
    public double offsetBeats() {
        return onsetBeats + durationBeats;
    }

    /** Pitch class 0..11 (C = 0). */
    public int pitchClass() {
        return Math.floorMod(pitch, 12);
    }

    /** Pitch as a name in scientific notation with sharps, e.g. {@code D#4} for 63. */
    public String pitchName() {
        return PitchNames.of(pitch);
    }
}
