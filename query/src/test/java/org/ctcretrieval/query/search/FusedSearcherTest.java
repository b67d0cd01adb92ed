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
import org.ctcretrieval.indexer.FeatureSetIndexer;
import org.ctcretrieval.indexer.FeatureSetLayout;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Work;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fused index of two features over 20 synthetic recordings: "clean" (the rendered chroma) and "blurred" (the
 * same chroma smeared over neighbouring pitch classes, as a feature of another character). The theme (work 0)
 * is only in rec00.
 */
class FusedSearcherTest {
    static final double RATE = 25;
    @TempDir static Path tmp;
    static Path fused, clean;
    static Work theme;
    static String target;

    @BeforeAll
    static void build() throws IOException {
        Random rnd = new Random(5);
        List<Work> works = new ArrayList<>();
        for (int i = 0; i < 10; i++) works.add(SyntheticMusic.randomWork(rnd, 40 + rnd.nextInt(20)));
        theme = works.get(0);
        Map<String, float[][]> frames = new HashMap<>();
        Path audio = Files.createDirectories(tmp.resolve("audio"));
        for (int r = 0; r < 20; r++) {
            Work w = works.get(r < 10 ? r : 1 + r % 9);
            float[][] f = SyntheticMusic.concat(List.of(SyntheticMusic.filler(rnd, 5 + rnd.nextInt(20), RATE),
                    SyntheticMusic.render(w, 0, w.duration(), Performance.random(rnd, 0.9 + 0.2 * rnd.nextDouble(), 0), RATE),
                    SyntheticMusic.filler(rnd, 5, RATE)));
            Path file = Files.writeString(audio.resolve(String.format("rec%02d.rec", r)), "x" + r);
            frames.put(file.toAbsolutePath().normalize().toString(), f);
            if (r == 0) target = file.toAbsolutePath().normalize().toString();
        }
        FeatureExtractor cleanEx = extractor("clean", frames, false);
        FeatureExtractor blurredEx = extractor("blurred", frames, true);
        CollectionIndexer.Options o = new CollectionIndexer.Options(2, 8, Set.of("rec"), false, true);
        fused = tmp.resolve("fused");
        new FeatureSetIndexer(fused, List.of(cleanEx, blurredEx),
                List.of(IndexSchema.forFeatures("clean", RATE, 12), IndexSchema.forFeatures("blurred", RATE, 12)), o).index(audio);
        clean = tmp.resolve("clean");
        new CollectionIndexer(clean, cleanEx, IndexSchema.forFeatures("clean", RATE, 12), o).index(audio);
    }

    static FeatureExtractor extractor(String id, Map<String, float[][]> frames, boolean blur) {
        return new MappedExtractor(id, RATE, frames, blur);
    }

    static FeatureSequence query(double from, double to) {
        return new FeatureSequence("score", 10, SyntheticMusic.render(theme, from, to, new Performance(1, 0, 0f, 0f, 0f, 0f, 0), 10));
    }

    @Test
    void fusedSearchRanksTheThemeFirstInBothModes() throws IOException {
        try (FusedSearcher s = FusedSearcher.open(fused)) {
            assertEquals(List.of("clean", "blurred"), s.features());
            assertTrue(s.fused());
            FeatureSequence q = query(5, 20);
            for (FusionRule rule : List.of(FusionRule.ZSUM, FusionRule.RRF, FusionRule.parse("zsum:1,0.5"))) {
                for (boolean exhaustive : new boolean[] {false, true}) {
                    FusedSearcher.Result r = s.search(List.of(q, q), SearchOptions.defaults().withTop(20)
                            .withCandidates(10).withExhaustive(exhaustive), rule);
                    assertEquals(target, r.hits().get(0).id(), rule.label() + " exhaustive=" + exhaustive);
                    assertEquals(exhaustive, r.exhaustive());
                    assertEquals(exhaustive, r.candidateIds().isEmpty());
                    for (int i = 1; i < r.hits().size(); i++) assertTrue(r.hits().get(i).cost() >= r.hits().get(i - 1).cost());
                    double[] costs = r.featureCosts().get(target);
                    assertEquals(2, costs.length);
                    assertTrue(costs[0] < 0.2 && costs[1] < 0.2, java.util.Arrays.toString(costs));
                }
            }
            var e = assertThrows(IllegalArgumentException.class,
                    () -> s.search(List.of(q, q), SearchOptions.defaults(), FusionRule.parse("zsum:1,2,3")));
            assertTrue(e.getMessage().contains("3 weights, the index 2 features (clean,blurred)"), e.getMessage());
        }
    }

    @Test
    void everyFusedRecordingCarriesEachFeaturesExhaustiveCost() throws IOException {
        try (FusedSearcher f = FusedSearcher.open(fused); ThemeSearcher c = ThemeSearcher.open(clean)) {
            FeatureSequence q = query(10, 22);
            SearchOptions ex = SearchOptions.defaults().withTop(20).withExhaustive(true);
            FusedSearcher.Result r = f.search(List.of(q, q), ex, FusionRule.ZSUM);
            assertEquals(20, r.hits().size());
            Map<String, Double> single = new HashMap<>();
            for (SearchHit h : c.search(q, ex).hits()) single.put(h.id(), h.cost());
            for (SearchHit h : r.hits()) assertEquals(single.get(h.id()), r.featureCosts().get(h.id())[0], 1e-9, h.id());
            // scoring named recordings gives the exhaustive cost and span
            SearchHit top = c.search(q, ex).hits().get(0);
            SearchHit scored = c.scoreRecordings(q, List.of(top.id(), "/no/such/recording"), ex).get(top.id());
            assertEquals(top.cost(), scored.cost(), 1e-9);
            assertEquals(top.startSeconds(), scored.startSeconds(), 1e-9);
            assertEquals(1, c.scoreRecordings(q, List.of(top.id(), "/no/such/recording"), ex).size());
        }
    }

    @Test
    void aSingleFeatureIndexSearchesExactlyAsItsThemeSearcher() throws IOException {
        try (FusedSearcher f = FusedSearcher.open(clean); ThemeSearcher c = ThemeSearcher.open(clean)) {
            assertFalse(f.fused());
            FeatureSequence q = query(3, 15);
            SearchOptions o = SearchOptions.defaults().withCandidates(10);
            assertEquals(c.search(q, o).hits(), f.search(List.of(q), o, FusionRule.ZSUM).hits());
        }
    }

    @Test
    void fusedFolderIsNamedWhenOpenedAsOneFeature() {
        var e = assertThrows(org.ctcretrieval.common.InputException.class, () -> ThemeSearcher.open(fused));
        assertTrue(e.getMessage().contains("several features (clean,blurred)"), e.getMessage());
        assertTrue(FeatureSetLayout.isFused(fused));
    }
}
