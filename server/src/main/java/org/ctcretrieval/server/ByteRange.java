package org.ctcretrieval.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range of an HTTP {@code Range} header (RFC 9110, section 14.1.2), resolved against the length of
 * the file: {@code bytes=FIRST-LAST}, {@code bytes=FIRST-} or {@code bytes=-SUFFIX}.
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** Thrown for a well-formed range that lies outside the file (answered with 416). */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    long length() {
        return last - first + 1;
    }

    /**
     * The range the header asks for, or null for the whole file: no header, a header this server ignores (several
     * ranges, other units, bad syntax — RFC 9110 lets a server answer those with the whole file).
     *
     * @throws Unsatisfiable if the range starts past the end of the file or asks for an empty suffix
     */
    static ByteRange parse(String header, long size) throws Unsatisfiable {
        if (header == null) return null;
        Matcher m = SINGLE.matcher(header);
        if (!m.matches()) return null;
        String a = m.group(1), b = m.group(2);
        if (a.isEmpty() && b.isEmpty()) return null;
        try {
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix == 0 || size == 0) throw new Unsatisfiable();
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (last < first) return null;
            if (first >= size) throw new Unsatisfiable();
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) { // more digits than a long holds
            return null;
        }
    }
}
