package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtwWindowsTest {
    private static final int FRAMES = 2000;
    private static final int QUERY = 100;
    private static final int MARGIN = 10;

    /** The vote of a shingle at query frame q found at recording frame p, as DtwWindows.of casts it. */
    private static int[] vote(int q, int p, int occurrence) {
        return new int[] {Math.max(0, p - 2 * q - MARGIN), Math.min(FRAMES - 1, p - q / 2 + MARGIN), occurrence};
    }

    @Test
    void theWindowStartsWhereTheConsistentVotesAgree() {
        List<int[]> votes = new ArrayList<>();
        // the theme played at 1.2 times the query's frame count, starting at recording frame 700
        for (int occ = 0; occ < 8; occ++) {
            int q = occ * 12;
            votes.add(vote(q, 700 + (int) Math.round(1.2 * q), occ));
        }
        // stray hits of common shingles elsewhere, one occurrence hitting three times
        votes.add(vote(0, 1500, 0));
        votes.add(vote(24, 1530, 2));
        votes.add(vote(24, 1532, 2));
        votes.add(vote(24, 1534, 2));
        List<DtwWindows.Window> w = DtwWindows.peaks(votes, FRAMES, QUERY, MARGIN);
        assertEquals(2, w.size());
        DtwWindows.Window best = w.get(0);
        assertEquals(8, best.support(), "each occurrence counts once");
        assertTrue(best.from() <= 700 && best.from() >= 700 - 2 * MARGIN, "window start " + best.from());
        assertTrue(best.to() >= 700 + 1.2 * QUERY, "the window holds the whole match: " + best);
        assertTrue(best.to() - best.from() <= 2 * (QUERY - 1) + 2 * MARGIN + 1, "at most one slow match long: " + best);
        assertEquals(2, w.get(1).support(), "an occurrence hitting three times near one start counts once");
        assertTrue(Math.abs(w.get(1).from() - best.from()) >= QUERY, "second window a query length away");
    }

    @Test
    void noVotesNoWindows() {
        assertTrue(DtwWindows.peaks(new ArrayList<>(), FRAMES, QUERY, MARGIN).isEmpty());
    }
}
