package org.ctcretrieval.query.score;

/** Names of MIDI pitches in scientific pitch notation (C4 = 60), spelled with sharps. */
public final class PitchNames {
    private static final String[] CLASSES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private PitchNames() {}

    /** Name of MIDI pitch {@code pitch}, e.g. {@code G4} for 67. */
    public static String of(int pitch) {
        return CLASSES[Math.floorMod(pitch, 12)] + (Math.floorDiv(pitch, 12) - 1);
    }
}
