package org.ctcretrieval.indexer;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionIndexerTest {
    @TempDir Path tmp;

    private static CollectionIndexer.Options opts(int batch) {
        return new CollectionIndexer.Options(2, batch, Set.of("rec"), false, true);
    }

    private CollectionIndexer indexer(Path index, MapExtractor ex, int batch) {
        return new CollectionIndexer(index, ex, IndexSchema.forFeatures(ex.id(), 25, 12), opts(batch));
    }

    @Test
    void incrementalAddSkipUpdateAndRemove() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        for (int i = 0; i < 5; i++) MapExtractor.write(audio, "sub" + (i % 2) + "/r" + i + ".rec", i, 20 + i);
        Files.writeString(audio.resolve("notes.txt"), "not audio");
        IndexReport r1 = indexer(index, new MapExtractor("feat"), 2).index(audio);
        assertEquals(new IndexReport(5, 0, 0, List.of(), 5), r1);

        MapExtractor second = new MapExtractor("feat");
        IndexReport r2 = indexer(index, second, 2).index(audio);
        assertEquals(new IndexReport(0, 0, 5, List.of(), 5), r2);
        assertEquals(0, second.calls.get(), "unchanged files must not be re-extracted");

        MapExtractor.write(audio, "sub1/r1.rec", 99, 30); // changed content
        MapExtractor.write(audio, "new.rec", 100, 15);     // new file
        IndexReport r3 = indexer(index, new MapExtractor("feat"), 2).index(audio);
        assertEquals(new IndexReport(1, 1, 4, List.of(), 6), r3);
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertEquals(6, s.recordings());
            // the changed recording now holds 30 s of chroma at 10 Hz
            int doc = docOf(s, audio.resolve("sub1/r1.rec"));
            assertEquals(30 * 10 * 12, s.chroma(doc).length);
        }

        IndexRemover.Result rm = IndexRemover.remove(index, List.of(audio.resolve("new.rec"), audio.resolve("sub0"), audio.resolve("gone.rec")));
        assertEquals(4, rm.removed(), "new.rec plus r0, r2, r4 under sub0");
        assertEquals(List.of(audio.resolve("gone.rec")), rm.notFound());
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertEquals(2, s.recordings());
            assertEquals("feat", s.schema().featureId());
        }
        // a removed file that still exists is picked up again by the next run
        IndexReport r4 = indexer(index, new MapExtractor("feat"), 2).index(audio);
        assertEquals(4, r4.added());
        assertEquals(6, r4.total());
    }

    @Test
    void segmentsAreMergedByThePolicyNotAfterEveryRun() throws IOException {
        Path audio = tmp.resolve("audio");
        for (int i = 0; i < 12; i++) MapExtractor.write(audio, "r" + i + ".rec", i, 10);
        IndexSchema schema = IndexSchema.forFeatures("feat", 25, 12);
        Path kept = tmp.resolve("kept"), merged = tmp.resolve("merged");
        // one commit per recording writes one segment per recording; the tiered policy merges them once a tier
        // holds more than a few, --no-merge never does
        new CollectionIndexer(kept, new MapExtractor("feat"), schema, opts(1).withMerge(false)).index(audio);
        new CollectionIndexer(merged, new MapExtractor("feat"), schema, opts(1)).index(audio);
        try (IndexSnapshot k = IndexSnapshot.open(kept); IndexSnapshot m = IndexSnapshot.open(merged)) {
            assertEquals(12, k.reader().leaves().size(), "no merging at all");
            assertTrue(m.reader().leaves().size() <= 5, "segments with the merge policy: " + m.reader().leaves().size());
            assertEquals(12, m.recordings());
            assertEquals("feat", m.schema().featureId(), "the merge commit keeps the stored setup");
            for (int i = 0; i < 12; i++) {
                Path f = audio.resolve("r" + i + ".rec");
                assertArrayEquals(k.chroma(docOf(k, f)), m.chroma(docOf(m, f)));
            }
        }
        // adding one file to a merged index rewrites nothing but the new segment
        try (IndexSnapshot m = IndexSnapshot.open(merged)) {
            int before = m.reader().leaves().size();
            MapExtractor.write(audio, "new.rec", 77, 10);
            new CollectionIndexer(merged, new MapExtractor("feat"), schema, opts(1)).index(audio);
            try (IndexSnapshot after = IndexSnapshot.open(merged)) {
                assertEquals(before + 1, after.reader().leaves().size());
            }
        }
    }

    @Test
    void storedChromaIsTheQuantisedRetrievalChroma() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        Path f = MapExtractor.write(audio, "a.rec", 42, 12);
        indexer(index, new MapExtractor("feat"), 4).index(audio);
        var expected = RetrievalFeatures.quantize8(
                RetrievalFeatures.resample(new MapExtractor("feat").extract(f), 10.0).frames());
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertArrayEquals(expected, s.chroma(docOf(s, f)));
            assertEquals(f.toAbsolutePath().normalize().toString(), s.id(docOf(s, f)));
        }
    }

    @Test
    void crashMidRunLeavesLastCommitReadableAndNextRunResumes() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        for (int i = 0; i < 10; i++) MapExtractor.write(audio, String.format(Locale.ROOT, "r%02d.rec", i), i, 10);
        MapExtractor crashing = new MapExtractor("feat", 8);
        CollectionIndexer one = new CollectionIndexer(index, crashing, IndexSchema.forFeatures("feat", 25, 12),
                new CollectionIndexer.Options(1, 3, Set.of("rec"), false, true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> one.index(audio));
        assertTrue(e.getMessage().contains("simulated crash"));
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertEquals(6, s.recordings(), "two full batches of 3 were committed; the 7th file was rolled back");
        }
        MapExtractor resumed = new MapExtractor("feat");
        IndexReport r = indexer(index, resumed, 3).index(audio);
        assertEquals(new IndexReport(4, 0, 6, List.of(), 10), r);
        assertEquals(4, resumed.calls.get());
    }

    @Test
    void readerSeesLastCommitWhileIndexing() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        for (int i = 0; i < 3; i++) MapExtractor.write(audio, "r" + i + ".rec", i, 10);
        indexer(index, new MapExtractor("feat"), 8).index(audio);
        try (IndexSnapshot before = IndexSnapshot.open(index)) {
            for (int i = 3; i < 7; i++) MapExtractor.write(audio, "r" + i + ".rec", i, 10);
            indexer(index, new MapExtractor("feat"), 2).index(audio);
            assertEquals(3, before.recordings(), "an open snapshot keeps its commit");
        }
        try (IndexSnapshot after = IndexSnapshot.open(index)) {
            assertEquals(7, after.recordings());
        }
    }

    @Test
    void badFilesAreReportedAndSkipped() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        MapExtractor.write(audio, "good.rec", 1, 10);
        Files.writeString(audio.resolve("bad.rec"), "garbage");
        IndexReport r = indexer(index, new MapExtractor("feat"), 8).index(audio);
        assertEquals(1, r.added());
        assertEquals(1, r.failed().size());
        assertTrue(r.failed().get(0).contains("bad.rec") && r.failed().get(0).contains("not a test recording"), r.failed().get(0));
    }

    @Test
    void mismatchedSetupIsRefused() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        MapExtractor.write(audio, "r.rec", 1, 10);
        indexer(index, new MapExtractor("cens"), 8).index(audio);
        InputException e = assertThrows(InputException.class, () -> indexer(index, new MapExtractor("cqt"), 8).index(audio));
        assertTrue(e.getMessage().contains("features: index has cens, requested cqt"), e.getMessage());
        assertTrue(e.getMessage().startsWith(index.toString()), e.getMessage());
        var other = new IndexSchema("cens", 25, 12, 5.0, IndexSchema.forFeatures("cens", 25, 12).quantizer());
        InputException e2 = assertThrows(InputException.class,
                () -> new CollectionIndexer(index, new MapExtractor("cens"), other, opts(8)).index(audio));
        assertTrue(e2.getMessage().contains("retrieval rate: index has 10.0 Hz, requested 5.0 Hz"), e2.getMessage());
    }

    @Test
    void badIndexPathsGiveClearErrors() throws IOException {
        InputException missing = assertThrows(InputException.class, () -> IndexSnapshot.open(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertTrue(assertThrows(InputException.class, () -> IndexSnapshot.open(file)).getMessage().contains("not a folder"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(InputException.class, () -> IndexSnapshot.open(empty)).getMessage().contains("no index here"));

        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        MapExtractor.write(audio, "r.rec", 1, 10);
        indexer(index, new MapExtractor("feat"), 8).index(audio);
        // Corrupt every segment file's body (keep the segments_N commit point).
        try (var files = Files.list(index)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("segments_") || n.equals("write.lock")) continue;
                byte[] b = Files.readAllBytes(p);
                for (int i = 0; i < b.length; i++) b[i] ^= 0x5a;
                Files.write(p, b);
            }
        }
        InputException corrupt = assertThrows(InputException.class, () -> {
            try (IndexSnapshot s = IndexSnapshot.open(index)) {
                s.chroma(0);
            }
        });
        assertTrue(corrupt.getMessage().startsWith(index.toString()) && corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
        InputException indexing = assertThrows(InputException.class, () -> indexer(index, new MapExtractor("feat"), 8).index(audio));
        assertTrue(indexing.getMessage().contains("corrupt"), indexing.getMessage());
        assertThrows(InputException.class, () -> indexer(tmp.resolve("i2"), new MapExtractor("feat"), 8).index(tmp.resolve("no-audio")));
    }

    @Test
    void longRecordingFitsInDocValues() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        Path f = MapExtractor.write(audio, "long.rec", 5, 3 * 3600);
        indexer(index, new MapExtractor("feat"), 8).index(audio);
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertEquals(3 * 3600 * 10 * 12, s.chroma(docOf(s, f)).length);
        }
    }

    @Test
    void unknownExtractorNamesTheAvailableOnes() {
        FeatureExtractorRegistry reg = new FeatureExtractorRegistry().register("cqt", () -> new MapExtractor("cqt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reg.create("deep"));
        assertTrue(e.getMessage().contains("unknown feature extractor 'deep'; available: cqt"), e.getMessage());
    }

    static int docOf(IndexSnapshot s, Path f) throws IOException {
        var hits = s.searcher().search(new org.apache.lucene.search.TermQuery(
                new org.apache.lucene.index.Term(IndexSchema.FIELD_ID, f.toAbsolutePath().normalize().toString())), 2);
        assertEquals(1, hits.totalHits.value, "exactly one document for " + f);
        return hits.scoreDocs[0].doc;
    }
}
