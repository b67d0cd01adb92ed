package org.ctcretrieval.bench;

import java.util.List;
import java.util.Locale;

/**
 * The General MIDI instruments a piano performance is played on in the realistic benchmark. Sets with a melody
 * instrument give the top voice (the highest note of each onset cluster, see {@link MidiArrangement}) to it and
 * the rest to the accompaniment instrument, as in a violin sonata or an arrangement for strings.
 *
 * @param accompaniment GM program (0-based) of the accompaniment, or of every note when there is no melody
 * @param melody        GM program of the top voice; -1 = none (one instrument plays everything)
 * @param pedal         whether the sustain and soft pedals of the performance reach the accompaniment
 *                      (only pianos have them; an organ or strings would otherwise hold every note)
 */
public record ProgramSet(String name, int accompaniment, int melody, boolean pedal) {
    public static final ProgramSet PIANO = new ProgramSet("piano", 0, -1, true);
    public static final ProgramSet BRIGHT_PIANO = new ProgramSet("bright_piano", 1, -1, true);
    public static final ProgramSet HARPSICHORD = new ProgramSet("harpsichord", 6, -1, false);
    public static final ProgramSet ORGAN = new ProgramSet("organ", 19, -1, false);
    public static final ProgramSet VIOLIN_PIANO = new ProgramSet("violin_piano", 0, 40, true);
    public static final ProgramSet FLUTE_PIANO = new ProgramSet("flute_piano", 0, 73, true);
    public static final ProgramSet STRINGS = new ProgramSet("strings", 48, 40, false);

    /** Composers whose keyboard music was written for harpsichord or organ (lower case, as in ASAP folders). */
    private static final List<String> BAROQUE = List.of("bach", "scarlatti", "handel", "couperin", "rameau");

    /** Instrument sets that suit a piece by {@code composer}: harpsichord and organ only for Baroque music. */
    public static List<ProgramSet> suitedTo(String composer) {
        boolean baroque = BAROQUE.contains(composer.toLowerCase(Locale.ROOT));
        return baroque ? List.of(PIANO, HARPSICHORD, ORGAN, STRINGS, FLUTE_PIANO)
                : List.of(PIANO, BRIGHT_PIANO, VIOLIN_PIANO, FLUTE_PIANO, STRINGS);
    }

    /** Whether a melody instrument plays the top voice. */
    public boolean hasMelody() {
        return melody >= 0;
    }
}
