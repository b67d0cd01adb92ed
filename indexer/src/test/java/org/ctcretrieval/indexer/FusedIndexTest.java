package org.ctcretrieval.indexer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusedIndexTest {
    @TempDir Path tmp;

    private static final CollectionIndexer.Options OPTS = new CollectionIndexer.Options(2, 2, Set.of("rec"), false, true);

    private static FeatureSetIndexer indexer(Path index, String... ids) {
        List<FeatureExtractor> ex = new ArrayList<>();
        List<IndexSchema> schemas = new ArrayList<>();
        for (String id : ids) {
            ex.add(new MapExtractor(id));
            schemas.add(IndexSchema.forFeatures(id, 25, 12));
        }
        return new FeatureSetIndexer(index, ex, schemas, OPTS);
    }

    private Path audio() throws IOException {
        Path audio = tmp.resolve("audio");
        for (int i = 0; i < 3; i++) MapExtractor.write(audio, "r" + i + ".rec", i, 10 + i);
        return audio;
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void severalFeaturesMakeOneSubIndexPerFeatureWithTheSameRecordings() throws IOException {
        Path audio = audio(), index = tmp.resolve("index");
        MapExtractor fa = new MapExtractor("fa"), fb = new MapExtractor("fb");
        IndexReport r = new FeatureSetIndexer(index, List.of(fa, fb), List.of(IndexSchema.forFeatures("fa", 25, 12),
                IndexSchema.forFeatures("fb", 25, 12)), OPTS).index(audio);
        assertEquals(new IndexReport(3, 0, 0, List.of(), 3), r);
        assertEquals(3, fa.calls.get());
        assertEquals(3, fb.calls.get(), "each feature extracted once per recording");
        assertTrue(FeatureSetLayout.isFused(index));
        assertEquals(List.of("fa", "fb"), FeatureSetLayout.features(index));
        for (String f : List.of("fa", "fb")) {
            try (IndexSnapshot s = IndexSnapshot.open(FeatureSetLayout.featureDir(index, f))) {
                assertEquals(f, s.schema().featureId());
                assertEquals(3, s.recordings());
            }
        }
        // a plain snapshot of the fused folder is refused with a message naming the features
        InputException e = assertThrows(InputException.class, () -> IndexSnapshot.open(index));
        assertTrue(e.getMessage().contains("several features (fa,fb)"), e.getMessage());
        // re-running with the same set (any order) is incremental; no features are left waiting
        assertEquals(new IndexReport(0, 0, 3, List.of(), 3), indexer(index, "fb", "fa").index(audio));
        assertTrue(listing(index).stream().noneMatch(p -> p.contains(FeatureSetIndexer.PENDING_PREFIX)), listing(index).toString());
        // removing takes the recording out of every feature's sub-index
        assertEquals(1, IndexRemover.remove(index, List.of(audio.resolve("r2.rec"))).removed());
        for (String f : List.of("fa", "fb")) {
            try (IndexSnapshot s = IndexSnapshot.open(FeatureSetLayout.featureDir(index, f))) {
                assertEquals(2, s.recordings());
            }
        }
    }

    @Test
    void recordingMissingFromOneSubIndexIsExtractedAgain() throws IOException {
        Path audio = audio(), index = tmp.resolve("index");
        indexer(index, "fa", "fb").index(audio);
        // as after a run killed between the commits of the two sub-indexes: fb lacks r1
        IndexRemover.remove(FeatureSetLayout.featureDir(index, "fb"), List.of(audio.resolve("r1.rec")));
        IndexReport r = indexer(index, "fa", "fb").index(audio);
        assertEquals(3, r.unchanged(), "fa already holds every recording: " + r);
        try (IndexSnapshot s = IndexSnapshot.open(FeatureSetLayout.featureDir(index, "fb"))) {
            assertEquals(3, s.recordings());
        }
    }

    @Test
    void mixingFeatureSetsAcrossRunsIsRefusedWithNothingWritten() throws IOException {
        Path audio = audio();
        Path single = tmp.resolve("single");
        indexer(single, "fa").index(audio);
        List<String> before = listing(single);
        InputException e = assertThrows(InputException.class, () -> indexer(single, "fa", "fb").index(audio));
        assertTrue(e.getMessage().contains("index holds the features fa, this run asks for fa,fb"), e.getMessage());
        assertEquals(before, listing(single), "nothing written");

        Path fused = tmp.resolve("fused");
        indexer(fused, "fa", "fb").index(audio);
        before = listing(fused);
        e = assertThrows(InputException.class, () -> indexer(fused, "fa").index(audio));
        assertTrue(e.getMessage().contains("index holds the features fa,fb, this run asks for fa;"), e.getMessage());
        e = assertThrows(InputException.class, () -> indexer(fused, "fa", "fc").index(audio));
        assertTrue(e.getMessage().contains("this run asks for fa,fc"), e.getMessage());
        assertEquals(before, listing(fused), "nothing written");
    }

    @Test
    void manifestOfAnotherLayoutVersionAsksToReindex() throws IOException {
        Path index = tmp.resolve("index");
        indexer(index, "fa", "fb").index(audio());
        Path manifest = index.resolve(FeatureSetLayout.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("format=1", "format=0"));
        InputException e = assertThrows(InputException.class, () -> FeatureSetLayout.features(index));
        assertTrue(e.getMessage().contains("layout version 0 is not supported") && e.getMessage().contains("re-index"),
                e.getMessage());
        assertThrows(InputException.class, () -> indexer(index, "fa", "fb").index(tmp.resolve("audio")));
    }

    @Test
    void featureListsAreParsedStrictly() {
        assertEquals(List.of("cqt", "v1_ctc_train1234valid5"), FeatureSetLayout.parseList("cqt, v1_ctc_train1234valid5"));
        assertThrows(IllegalArgumentException.class, () -> FeatureSetLayout.parseList("cqt,,cens"));
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureSetLayout.parseList("cqt,cqt"));
        assertTrue(e.getMessage().contains("listed twice"));
    }

    @Test
    void unknownFeatureInAListIsNamedBeforeAnyExtractorIsCreated() {
        int[] created = {0};
        FeatureExtractorRegistry reg = new FeatureExtractorRegistry()
                .register("fa", () -> { created[0]++; return new MapExtractor("fa"); });
        var e = assertThrows(IllegalArgumentException.class, () -> reg.createAll(List.of("fa", "nope")));
        assertTrue(e.getMessage().contains("unknown feature 'nope'") && e.getMessage().contains("available: fa"), e.getMessage());
        assertEquals(0, created[0]);
    }
}
