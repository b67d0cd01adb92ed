package org.ctcretrieval.solr.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The themes a Solr node searched last, so that the requests and phases of one search (the candidate requests of
 * every transposition, the term statistics, the windows, the DTW and its located matches, each parsed on every
 * shard it reaches) decode the theme and scale it to every tempo and key once per node instead of a dozen times.
 * Small and bounded: a theme is a few hundred kilobytes, and a search uses its own within a second or two.
 */
final class ThemeCache {
    /** Themes kept per node: the searches of a few concurrent clients. */
    static final int SIZE = 16;
    /** One cache per node (its CoreContainer): nodes never see each other's work, even in one JVM. */
    private static final Map<Object, ThemeCache> NODES = new WeakHashMap<>();

    private final Map<String, ThemeScoring.Theme> themes = new LinkedHashMap<>(SIZE * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ThemeScoring.Theme> eldest) {
            return size() > SIZE;
        }
    };

    static ThemeCache of(Object node) {
        synchronized (NODES) {
            return NODES.computeIfAbsent(node, k -> new ThemeCache());
        }
    }

    /**
     * The theme cached under {@code key}, built (outside the lock: two requests may both build it, and the first
     * one stored wins) if there is none.
     */
    ThemeScoring.Theme get(String key, Supplier<ThemeScoring.Theme> build) {
        synchronized (themes) {
            ThemeScoring.Theme t = themes.get(key);
            if (t != null) return t;
        }
        ThemeScoring.Theme built = build.get();
        synchronized (themes) {
            ThemeScoring.Theme t = themes.putIfAbsent(key, built);
            return t != null ? t : built;
        }
    }

    int size() {
        synchronized (themes) {
            return themes.size();
        }
    }

    /** SHA-256 of bytes, in hex. */
    static String key(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** SHA-256 of the parts, each preceded by its length (so that no two lists of parts hash the same text), in hex. */
    static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p == null ? new byte[0] : p.getBytes(StandardCharsets.UTF_8);
                md.update(((p == null ? -1 : b.length) + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
