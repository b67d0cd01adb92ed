package org.ctcretrieval.query.audio;

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
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.MappedExtractor;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Work;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature a sung melody searches in an index of several features, and the excerpt's feature beside it. */
class MelodyFeatureTest {
    static final double RATE = 25;
    static final String V1 = "v1_ctc_train1234valid5", V2_LINEAR = "v2_linear_train345valid1";

    @Test
    void prefersLinearThenV2CtcThenOtherDeepChromaThenClassicChroma() {
        assertEquals(1, MelodyFeature.of(List.of(V1, V2_LINEAR)));
        assertEquals(1, MelodyFeature.of(List.of("cqt", V1)));
        assertEquals(2, MelodyFeature.of(List.of("v2_ctc_train345valid1", V1, V2_LINEAR)));
        assertEquals(0, MelodyFeature.of(List.of("v2_ctc_train345valid1", V1)));
        assertEquals(1, MelodyFeature.of(List.of("v2_strong_train345valid1", "v2_ctc_train345valid1")));
        assertEquals(0, MelodyFeature.of(List.of(V1)));
        // equal preference: the earlier feature in index order
        assertEquals(0, MelodyFeature.of(List.of("cqt", "cens")));
        assertEquals(0, MelodyFeature.of(List.of(V1, "v1_ctc_train345valid1")));
        assertThrows(IllegalArgumentException.class, () -> MelodyFeature.of(List.of()));
    }

    @Test
    void aFusedIndexSearchesMelodiesInItsMelodyFeatureAndExcerptsInItsFirst(@TempDir Path tmp) throws IOException {
        Random rnd = new Random(3);
        List<Work> works = new ArrayList<>();
        for (int i = 0; i < 4; i++) works.add(SyntheticMusic.randomWork(rnd, 30));
        Map<String, float[][]> frames = new HashMap<>();
        Path audio = Files.createDirectories(tmp.resolve("audio"));
        for (int r = 0; r < 8; r++) {
            Work w = works.get(r % works.size());
            Path file = Files.writeString(audio.resolve("rec" + r + ".rec"), "x" + r);
            frames.put(file.toAbsolutePath().normalize().toString(), SyntheticMusic.concat(List.of(
                    SyntheticMusic.filler(rnd, 5, RATE),
                    SyntheticMusic.render(w, 0, w.duration(), Performance.random(rnd, 1, 0), RATE))));
        }
        // the first feature blurs each pitch class into its neighbours, so the two features rank differently
        Path fused = tmp.resolve("fused");
        new FeatureSetIndexer(fused, List.of(extractor(V1, frames, true), extractor(V2_LINEAR, frames, false)),
                List.of(IndexSchema.forFeatures(V1, RATE, 12), IndexSchema.forFeatures(V2_LINEAR, RATE, 12)),
                new CollectionIndexer.Options(2, 8, Set.of("rec"), false, true)).index(audio);

        Work theme = works.get(0);
        FeatureSequence melody = new FeatureSequence("score", 10, SyntheticMusic.render(theme, 0, 12,
                new Performance(1, 0, 0f, 0f, 0f, 0f, 0), 10));
        SearchOptions options = SearchOptions.defaults().withTop(8).withTranspose(true);
        try (FusedSearcher index = FusedSearcher.open(fused);
                AudioSearch search = AudioSearch.over(index, FeatureExtractors.discover(), new PitchTracker(PitchTracker.DEFAULT))) {
            assertEquals(V2_LINEAR, search.searcher(AudioSearch.Kind.SUNG).index().schema().featureId());
            assertEquals(V1, search.searcher(AudioSearch.Kind.EXCERPT).index().schema().featureId());
            SearchResult sung = search.searchSung(new SungMelody(List.of(), melody), options);
            SearchResult direct = index.searcher(1).search(melody, AudioSearch.sungOptions(options));
            SearchResult first = index.searcher(0).search(melody, AudioSearch.sungOptions(options));
            assertFalse(sung.hits().isEmpty());
            assertEquals(costs(direct), costs(sung));
            assertNotEquals(costs(first), costs(sung));
        }
    }

    static List<String> costs(SearchResult r) {
        List<String> out = new ArrayList<>();
        for (SearchHit h : r.hits()) out.add(h.id() + " " + h.cost());
        return out;
    }

    static FeatureExtractor extractor(String id, Map<String, float[][]> frames, boolean blur) {
        return new MappedExtractor(id, RATE, frames, blur);
    }
}
