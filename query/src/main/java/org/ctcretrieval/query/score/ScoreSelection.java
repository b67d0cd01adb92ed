package org.ctcretrieval.query.score;

/**
 * What to take from a score file.
 *
 * @param part     part to keep, by ID, name or 1-based index ({@link PartInfo#matches}); {@code null} = all parts
 * @param staff    staff number to keep (1 = upper staff of a piano part); {@code null} = all staves
 * @param measures measure numbers to keep as printed; {@code null} = the whole piece
 * @param bpm      tempo override in quarter notes per minute for the whole selection; {@code null} = the tempo
 *                 written in the file (default {@value TempoMap#DEFAULT_BPM} if it has none)
 */
public record ScoreSelection(String part, Integer staff, MeasureRange measures, Double bpm) {

    /** Everything, at the tempo of the file. */
    public static final ScoreSelection ALL = new ScoreSelection(null, null, null, null);

    public ScoreSelection {
        if (staff != null && staff < 1) throw new IllegalArgumentException("staff must be >= 1: " + staff);
        if (bpm != null && !(bpm > 0 && bpm < 10_000)) {
            throw new IllegalArgumentException("bpm must be in (0, 10000): " + bpm);
        }
    }

    public ScoreSelection withPart(String p) {
        return new ScoreSelection(p, staff, measures, bpm);
    }

    public ScoreSelection withStaff(Integer s) {
        return new ScoreSelection(part, s, measures, bpm);
    }

    public ScoreSelection withMeasures(MeasureRange m) {
        return new ScoreSelection(part, staff, m, bpm);
    }

    public ScoreSelection withBpm(Double b) {
        return new ScoreSelection(part, staff, measures, b);
    }
}
