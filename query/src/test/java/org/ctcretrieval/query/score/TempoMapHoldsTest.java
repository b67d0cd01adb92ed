package org.ctcretrieval.query.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Fermata holds in the tempo map, against seconds computed by hand. */
class TempoMapHoldsTest {
    private static final double EPS = 1e-12;

    @Test
    void heldSpanLastsFactorTimesLongerAndShiftsWhatFollows() {
        // 120 bpm: 0.5 s a quarter; [1, 2) held x2 lasts 1 s
        TempoMap m = TempoMap.constant(120).withHolds(List.of(new HoldSpan(1, 2)), 2);
        assertEquals(0.5, m.seconds(1), EPS);
        assertEquals(1.0, m.seconds(1.5), EPS);
        assertEquals(1.5, m.seconds(2), EPS);
        assertEquals(2.0, m.seconds(3), EPS);
        assertEquals(60, m.bpmAt(1), EPS);
        assertEquals(120, m.bpmAt(2), EPS, "the end of a span is outside it");
        assertEquals(3, m.segments());
    }

    @Test
    void overlappingAndAdjacentSpansAreHeldOnce() {
        // [1, 2) and [1.5, 3) overlap, [3, 3.5) touches: one hold [1, 3.5) at 60 bpm, 2.5 quarters = 2.5 s
        TempoMap m = TempoMap.constant(120).withHolds(
                List.of(new HoldSpan(3, 3.5), new HoldSpan(1.5, 3), new HoldSpan(1, 2)), 2);
        assertEquals(0.5, m.seconds(1), EPS);
        assertEquals(1.5, m.seconds(2), EPS);
        assertEquals(2.5, m.seconds(3), EPS);
        assertEquals(3.0, m.seconds(3.5), EPS);
        assertEquals(3.25, m.seconds(4), EPS);
        assertEquals(3, m.segments(), "before, inside, after");
        assertEquals(List.of(new HoldSpan(1, 3.5)),
                HoldSpan.merge(List.of(new HoldSpan(3, 3.5), new HoldSpan(1.5, 3), new HoldSpan(1, 2))));
        assertEquals(List.of(new HoldSpan(0, 4), new HoldSpan(5, 6)),
                HoldSpan.merge(List.of(new HoldSpan(5, 6), new HoldSpan(1, 2), new HoldSpan(0, 4))),
                "a span inside another adds nothing; a gap keeps spans apart");
    }

    @Test
    void spanCrossingATempoChangeSlowsBothTempos() {
        TreeMap<Double, Double> changes = new TreeMap<>();
        changes.put(0.0, 120.0);
        changes.put(4.0, 60.0);
        TempoMap written = TempoMap.of(changes);
        assertEquals(2.0, written.seconds(4), EPS);
        TempoMap m = written.withHolds(List.of(new HoldSpan(3, 5)), 3);
        // [0, 3) at 120: 1.5 s; [3, 4) at 40: 1.5 s; [4, 5) at 20: 3 s; then 60: 1 s a quarter
        assertEquals(1.5, m.seconds(3), EPS);
        assertEquals(3.0, m.seconds(4), EPS);
        assertEquals(4.5, m.seconds(4.5), EPS);
        assertEquals(6.0, m.seconds(5), EPS);
        assertEquals(7.0, m.seconds(6), EPS);
        assertEquals(40, m.bpmAt(3.5), EPS);
        assertEquals(20, m.bpmAt(4), EPS);
        assertEquals(60, m.bpmAt(5), EPS);
        assertEquals(2.0, written.seconds(4), EPS, "the original map is unchanged");
    }

    @Test
    void holdAtTheStartAndFactorsBelowOne() {
        TempoMap m = TempoMap.constant(60).withHolds(List.of(new HoldSpan(0, 1)), 2);
        assertEquals(2.0, m.seconds(1), EPS);
        assertEquals(3.0, m.seconds(2), EPS);
        TempoMap shorter = TempoMap.constant(60).withHolds(List.of(new HoldSpan(1, 3)), 0.5);
        assertEquals(2.0, shorter.seconds(3), EPS);
        assertEquals(3.0, shorter.seconds(4), EPS);
    }

    @Test
    void factorOneOrNoSpansLeaveTheMapAsItIs() {
        TempoMap c = TempoMap.constant(90);
        assertSame(c, c.withHolds(List.of(new HoldSpan(1, 2)), 1));
        assertSame(c, c.withHolds(List.of(), 2));
    }

    @Test
    void invalidFactorsAndSpansAreRefused() {
        TempoMap c = TempoMap.constant(90);
        for (double f : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.withHolds(List.of(new HoldSpan(1, 2)), f));
            assertTrue(e.getMessage().contains("fermata hold factor must be a finite number > 0"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new HoldSpan(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new HoldSpan(0, Double.NaN));
    }
}
