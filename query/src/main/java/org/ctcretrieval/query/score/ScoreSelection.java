package org.ctcretrieval.query.score;

import org.ctcretrieval.common.UsageException;

/**
 * What to take from a score file, and how to time it.
 *
 * @param part          part to keep, by ID, name or 1-based index ({@link PartInfo#matches}); {@code null} = all
 *                      parts
 * @param staff         staff number to keep (1 = upper staff of a piano part); {@code null} = all staves
 * @param measures      measure numbers to keep as printed; {@code null} = the whole piece
 * @param bpm           tempo override in quarter notes per minute for the whole selection; {@code null} = the tempo
 *                      written in the file (default {@value TempoMap#DEFAULT_BPM} if it has none)
 * @param fermataFactor how many times longer than notated a note or rest under a fermata lasts (MusicXML
 *                      {@code <fermata>}; MIDI has none); default {@value #DEFAULT_FERMATA_FACTOR}; 1 ignores
 *                      fermatas; must be finite and &gt; 0. Applied on top of the file tempo or the {@code bpm}
 *                      override.
 */
public record ScoreSelection(String part, Integer staff, MeasureRange measures, Double bpm, double fermataFactor) {

    /**
     * Default fermata factor: a held note lasts twice its written value. Doubling the notated value is a common
     * performance convention. Real holds are often longer still, but the subsequence DTW used for matching
     * (step sizes (1,1), (2,1), (1,2)) tolerates up to a factor 2 between score and performance tempo, so a
     * doubled hold brings even a much longer one within reach, while a score without fermatas is unaffected.
     */
    public static final double DEFAULT_FERMATA_FACTOR = 2.0;

    /** Everything, at the tempo of the file, fermatas held {@value #DEFAULT_FERMATA_FACTOR} times as long. */
    public static final ScoreSelection ALL = new ScoreSelection(null, null, null, null);

    public ScoreSelection {
        if (staff != null && staff < 1) throw new UsageException("staff must be >= 1: " + staff);
        if (bpm != null && !(bpm > 0 && bpm < 10_000)) {
            throw new UsageException("bpm must be in (0, 10000): " + bpm);
        }
        if (!(fermataFactor > 0) || Double.isInfinite(fermataFactor)) {
            throw new UsageException("fermata factor must be a finite number > 0 (1 = ignore fermatas, "
                    + "default " + DEFAULT_FERMATA_FACTOR + "): " + fermataFactor);
        }
    }

    /** A selection with the default fermata factor {@value #DEFAULT_FERMATA_FACTOR}. */
    public ScoreSelection(String part, Integer staff, MeasureRange measures, Double bpm) {
        this(part, staff, measures, bpm, DEFAULT_FERMATA_FACTOR);
    }

    public ScoreSelection withPart(String p) {
        return new ScoreSelection(p, staff, measures, bpm, fermataFactor);
    }

    public ScoreSelection withStaff(Integer s) {
        return new ScoreSelection(part, s, measures, bpm, fermataFactor);
    }

    public ScoreSelection withMeasures(MeasureRange m) {
        return new ScoreSelection(part, staff, m, bpm, fermataFactor);
    }

    public ScoreSelection withBpm(Double b) {
        return new ScoreSelection(part, staff, measures, b, fermataFactor);
    }

    public ScoreSelection withFermataFactor(double f) {
        return new ScoreSelection(part, staff, measures, bpm, f);
    }
}
