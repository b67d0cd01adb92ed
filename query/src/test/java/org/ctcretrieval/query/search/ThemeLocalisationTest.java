package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Work;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where in a recording the search places a theme, on a synthetic collection of 12 recordings:
 * <ul>
 *   <li>{@code decoyed}: three decoys first, then the theme. A decoy is the theme with every pitch class raised
 *       by the same amount: the order of the classes, hence every shingle, is the theme's, but the cosine cost
 *       is high. The true theme comes last with a random class raised a little in each frame, which changes its
 *       pair and triple shingles but hardly its cost. The shingle votes therefore point at the decoys, far
 *       from the theme;</li>
 *   <li>{@code repeated}: the theme three times (exposition, repeat, recapitulation) at slightly different
 *       tempi, between filler;</li>
 *   <li>ten recordings of filler.</li>
 * </ul>
 */
class ThemeLocalisationTest {
    static final double RATE = 25;
    @TempDir static Path tmp;
    static Path index;
    static Work theme;
    static String decoyed;
    static double decoyedThemeStart;
    static String repeated;
    static final List<Double> repeatStarts = new ArrayList<>();

    @BeforeAll
    static void buildCollection() throws IOException {
        Random rnd = new Random(5);
        theme = SyntheticMusic.randomWork(rnd, 20);
        Path audio = Files.createDirectories(tmp.resolve("audio"));
        Map<String, FeatureSequence> recordings = new HashMap<>();
        Performance plain = new Performance(1.0, 0, 0.2f, 0.1f, 0.5f, 0.02f, 1);

        List<float[][]> parts = new ArrayList<>();
        double t = 0;
        for (int k = 0; k < 3; k++) {
            parts.add(SyntheticMusic.filler(rnd, 30, RATE));
            parts.add(raised(SyntheticMusic.render(theme, 0, theme.duration(), plain, RATE), 0.7f));
        }
        // a DTW window spans twice the theme from a voted start: the theme sits well beyond the last decoy's
        parts.add(SyntheticMusic.filler(rnd, 60, RATE));
        for (float[][] p : parts) t += p.length / RATE;
        decoyedThemeStart = t;
        parts.add(scrambled(SyntheticMusic.render(theme, 0, theme.duration(), plain, RATE), rnd));
        parts.add(SyntheticMusic.filler(rnd, 6, RATE));
        decoyed = put(audio, recordings, "decoyed", SyntheticMusic.concat(parts));

        parts = new ArrayList<>();
        t = 0;
        for (double tempo : new double[] {1.0, 0.95, 1.08}) {
            parts.add(SyntheticMusic.filler(rnd, 10, RATE));
            t += parts.get(parts.size() - 1).length / RATE;
            repeatStarts.add(t);
            parts.add(SyntheticMusic.render(theme, 0, theme.duration(), Performance.random(rnd, tempo, 0), RATE));
            t += parts.get(parts.size() - 1).length / RATE;
        }
        parts.add(SyntheticMusic.filler(rnd, 10, RATE));
        repeated = put(audio, recordings, "repeated", SyntheticMusic.concat(parts));
        for (int r = 0; r < 10; r++) put(audio, recordings, "filler" + r, SyntheticMusic.filler(rnd, 60 + 10 * r, RATE));

        FeatureExtractor ex = new FeatureExtractor() {
            public String id() { return "feat"; }
            public double frameRate() { return RATE; }
            public FeatureSequence extract(Path file) { return recordings.get(file.toAbsolutePath().normalize().toString()); }
        };
        index = tmp.resolve("index");
        new CollectionIndexer(index, ex, IndexSchema.forFeatures("feat", RATE, 12),
                new CollectionIndexer.Options(2, 16, Set.of("rec"), false, true)).index(audio);
    }

    private static String put(Path audio, Map<String, FeatureSequence> recordings, String name, float[][] frames)
            throws IOException {
        Path f = Files.writeString(audio.resolve(name + ".rec"), name);
        String id = f.toAbsolutePath().normalize().toString();
        recordings.put(id, new FeatureSequence("feat", RATE, frames));
        return id;
    }

    /** Every class raised by {@code amount} times the frame's maximum: same class order, higher cosine cost. */
    private static float[][] raised(float[][] frames, float amount) {
        for (float[] f : frames) {
            float max = 0;
            for (float v : f) max = Math.max(max, v);
            for (int c = 0; c < f.length; c++) f[c] += amount * max;
        }
        return frames;
    }

    /**
     * A random class raised by half the frame's maximum, a new one every 0.2 s: new top-1, pair and triple
     * shingles wherever the theme's classes are close, at a low cost.
     */
    private static float[][] scrambled(float[][] frames, Random rnd) {
        int c = 0;
        for (int t = 0; t < frames.length; t++) {
            if (t % 5 == 0) c = rnd.nextInt(12);
            float max = 0;
            for (float v : frames[t]) max = Math.max(max, v);
            frames[t][c] += 0.5f * max;
        }
        return frames;
    }

    private static FeatureSequence query() {
        return new FeatureSequence("score", 10, SyntheticMusic.render(theme, 0, theme.duration(), Performance.score(), 10));
    }

    @Test
    void indexedSearchReportsTheSpanExhaustiveDtwFindsEvenWhereTheShinglesPointElsewhere() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            SearchResult indexed = s.search(query(), SearchOptions.defaults().withTempo(TempoRange.NOTATED));
            SearchResult exhaustive = s.search(query(), SearchOptions.defaults().withTempo(TempoRange.NOTATED).withExhaustive(true));
            assertFalse(indexed.exhaustive());
            SearchHit hit = indexed.hits().stream().filter(h -> h.id().equals(decoyed)).findFirst().orElseThrow();
            SearchHit truth = exhaustive.hits().stream().filter(h -> h.id().equals(decoyed)).findFirst().orElseThrow();
            assertEquals(decoyedThemeStart, truth.startSeconds(), 1.0, "exhaustive DTW finds the theme after the decoys");
            assertEquals(truth.cost(), hit.cost(), 1e-6, "indexed cost no worse than exhaustive");
            assertEquals(truth.startSeconds(), hit.startSeconds(), 1e-9);
            assertEquals(truth.endSeconds(), hit.endSeconds(), 1e-9);
        }
    }

    @Test
    void everyOccurrenceIsListedBestFirstWithoutOverlap() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            for (boolean exhaustive : new boolean[] {false, true}) {
                SearchResult r = s.search(query(), SearchOptions.defaults().withOccurrences(3).withExhaustive(exhaustive));
                SearchHit hit = r.hits().stream().filter(h -> h.id().equals(repeated)).findFirst().orElseThrow();
                assertEquals(1, hit.rank(), "the recording playing the theme three times ranks first");
                List<SearchHit.Occurrence> occ = hit.occurrences();
                assertEquals(3, occ.size());
                assertEquals(hit.cost(), occ.get(0).cost(), 1e-9);
                assertEquals(hit.startSeconds(), occ.get(0).startSeconds(), 1e-9);
                List<Double> starts = new ArrayList<>();
                for (int i = 0; i < occ.size(); i++) {
                    if (i > 0) assertTrue(occ.get(i).cost() >= occ.get(i - 1).cost(), "best first: " + occ);
                    for (int j = 0; j < i; j++) {
                        assertTrue(occ.get(i).startSeconds() >= occ.get(j).endSeconds()
                                || occ.get(i).endSeconds() <= occ.get(j).startSeconds(), "no overlap: " + occ);
                    }
                    starts.add(occ.get(i).startSeconds());
                }
                starts.sort(null);
                for (int i = 0; i < 3; i++) assertEquals(repeatStarts.get(i), starts.get(i), 1.0, "occurrence " + i + ": " + occ);
                SearchResult one = s.search(query(), SearchOptions.defaults().withExhaustive(exhaustive));
                assertEquals(1, one.hits().get(0).occurrences().size(), "one occurrence by default");
            }
        }
    }
}
