package org.ctcretrieval.query.score;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A stretch of a score that performers hold longer than notated: the written duration of a note or rest carrying
 * a fermata, {@code [startBeat, endBeat)} in quarter notes.
 *
 * @param startBeat start in quarter notes (inclusive)
 * @param endBeat   end in quarter notes (exclusive), greater than {@code startBeat}
 */
public record HoldSpan(double startBeat, double endBeat) {

    public HoldSpan {
        if (!Double.isFinite(startBeat) || !Double.isFinite(endBeat) || !(endBeat > startBeat)) {
            throw new IllegalArgumentException("hold span must be finite with end > start: [" + startBeat + ", "
                    + endBeat + ")");
        }
    }

    /** Length in quarter notes. */
    public double lengthBeats() {
        return endBeat - startBeat;
    }

    /**
     * Sorts {@code spans} by start and merges those that overlap or touch, so that a fermata written in several
     * parts or voices (or on consecutive notes) is held once: a chord held by the whole orchestra is one hold,
     * not one per part.
     *
     * @return disjoint, non-adjacent spans in ascending order
     */
    public static List<HoldSpan> merge(Collection<HoldSpan> spans) {
        List<HoldSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingDouble(HoldSpan::startBeat));
        List<HoldSpan> out = new ArrayList<>();
        for (HoldSpan s : sorted) {
            HoldSpan last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s.startBeat <= last.endBeat) {
                if (s.endBeat > last.endBeat) out.set(out.size() - 1, new HoldSpan(last.startBeat, s.endBeat));
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
