package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void singleRangesResolveAgainstTheFileLength() throws Exception {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-5000", 1000), "clipped to the end");
        assertEquals(new ByteRange(10, 999), ByteRange.parse("bytes=10-", 1000));
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=-10", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000), "suffix longer than the file");
        assertEquals(100, ByteRange.parse(" bytes = 0 - 99 ", 1000).length());
    }

    @Test
    void rangesOutsideTheFileAreUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=5000-6000", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }

    @Test
    void headersTheServerIgnoresMeanTheWholeFile() throws Exception {
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("bytes=0-1,5-9", 1000), "several ranges");
        assertNull(ByteRange.parse("items=0-1", 1000), "other unit");
        assertNull(ByteRange.parse("bytes=9-1", 1000), "last before first");
        assertNull(ByteRange.parse("bytes=-", 1000));
        assertNull(ByteRange.parse("bytes=99999999999999999999-", 1000), "more digits than a long");
    }
}
