package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTimingTest {
    @Test
    void lapsFollowEachOtherAndTotalIsTheirSum() throws Exception {
        long start = System.nanoTime();
        ServerTiming t = new ServerTiming(start);
        Thread.sleep(3);
        t.lap("read");
        t.lap("wait");
        Thread.sleep(2);
        t.lap("search");
        t.lap("wait"); // a phase lapped twice adds up, in its first place
        Map<String, Double> phases = ServerTiming.parse(t.header());
        assertEquals(List.of("read", "wait", "search", "total"), List.copyOf(phases.keySet()));
        assertTrue(phases.get("read") >= 3, t.header());
        assertTrue(phases.get("search") >= 2, t.header());
        double sum = phases.get("read") + phases.get("wait") + phases.get("search");
        assertEquals(sum, phases.get("total"), 0.02, t.header());
        assertTrue(phases.get("total") <= (System.nanoTime() - start) / 1e6 + 0.01, t.header());
    }

    @Test
    void theHeaderIsAListOfMetricsWithTwoDecimals() {
        ServerTiming t = new ServerTiming();
        t.lap("read");
        assertTrue(t.header().matches("read;dur=\\d+\\.\\d{2}, total;dur=\\d+\\.\\d{2}"), t.header());
    }

    @Test
    void parseReadsTheDurationsOfAnyWellFormedHeader() {
        assertEquals(Map.of("db", 53.0, "app", 47.2), ServerTiming.parse("miss, db;dur=53, app;dur=47.2"));
        assertEquals(Map.of("cache", 23.2), ServerTiming.parse("cache;desc=\"Cache Read\";dur=23.2"));
        assertEquals(Map.of("a", 1.0), ServerTiming.parse("a;dur=1, a;dur=2"), "the first of a repeated metric");
        assertEquals(Map.of(), ServerTiming.parse(null));
        assertThrows(IllegalArgumentException.class, () -> ServerTiming.parse("read dur=1"));
    }
}
