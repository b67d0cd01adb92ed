package org.ctcretrieval.indexer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.common.index.ShingleQuantizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index mirrors its folder: deleted files leave it, renamed files move in it, copies are reported. */
class MirrorTest {
    @TempDir Path tmp;

    private IndexReport run(Path index, Path input, MapExtractor ex) throws IOException {
        return new CollectionIndexer(index, ex, IndexSchema.forFeatures(ex.id(), 25, 12),
                new CollectionIndexer.Options(2, 3, Set.of("rec"), false, true)).index(input);
    }

    private static String id(Path p) {
        return RecordingDocuments.idOf(p);
    }

    @Test
    void deletedFilesAreRemovedAndRenamedFilesMovedWithoutExtraction() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        for (int i = 0; i < 6; i++) MapExtractor.write(audio, "r" + i + ".rec", i, 10 + i);
        assertEquals(6, run(index, audio, new MapExtractor("feat")).total());
        byte[] chroma2;
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            chroma2 = s.chroma(CollectionIndexerTest.docOf(s, audio.resolve("r2.rec")));
        }

        Files.delete(audio.resolve("r0.rec"));
        Files.delete(audio.resolve("r1.rec"));
        Files.createDirectories(audio.resolve("sub"));
        Files.move(audio.resolve("r2.rec"), audio.resolve("sub/renamed.rec"));
        MapExtractor second = new MapExtractor("feat");
        IndexReport r = run(index, audio, second);
        assertEquals(0, second.calls.get(), "a moved file is not extracted again");
        assertEquals(new IndexReport(0, 0, 3, List.of(), 4, 2, 1, List.of(), List.of()), r);
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            assertEquals(4, s.recordings());
            int moved = CollectionIndexerTest.docOf(s, audio.resolve("sub/renamed.rec"));
            assertArrayEquals(chroma2, s.chroma(moved), "the moved recording keeps its stored chroma");
            assertEquals(0, count(s, audio.resolve("r2.rec")));
            assertEquals(0, count(s, audio.resolve("r0.rec")));
        }
        // and the second run after it finds nothing to do
        assertEquals(new IndexReport(0, 0, 4, List.of(), 4), run(index, audio, new MapExtractor("feat")));
    }

    @Test
    void aMovedDocumentHasTheSearchTermsOfAFreshOne() throws IOException {
        Path audio = tmp.resolve("audio");
        Path f = MapExtractor.write(audio, "a.rec", 5, 30);
        RecordingDocuments docs = new RecordingDocuments(IndexSchema.forFeatures("feat", 25, 12));
        var fresh = docs.build("x", "h", new MapExtractor("feat").extract(f));
        byte[] codes = fresh.getBinaryValue(IndexSchema.FIELD_CHROMA).bytes;
        var rebuilt = docs.rebuild("x", "h", null, codes, Double.NaN);
        assertArrayEquals(codes, rebuilt.getBinaryValue(IndexSchema.FIELD_CHROMA).bytes);
        float[][] frames = new float[codes.length / 12][12];
        for (int t = 0; t < frames.length; t++) for (int j = 0; j < 12; j++) frames[t][j] = (codes[t * 12 + j] & 0xff) / 255f;
        var quantizer = new ShingleQuantizer(ShingleQuantizer.Params.DEFAULT);
        float[][] original = RetrievalFeatures.resample(new MapExtractor("feat").extract(f), 10).frames();
        List<String> a = quantizer.shingles(original).stream().map(ShingleQuantizer.Shingle::term).toList();
        List<String> b = quantizer.shingles(frames).stream().map(ShingleQuantizer.Shingle::term).toList();
        var multiset = new java.util.HashMap<String, Integer>();
        for (String term : b) multiset.merge(term, 1, Integer::sum);
        int same = 0;
        for (String term : a) if (multiset.merge(term, -1, Integer::sum) >= 0) same++;
        // random chroma has many near ties, the hardest case for 8-bit rounding; real chroma agrees more
        assertTrue(same >= 0.95 * a.size(), same + " of " + a.size() + " terms agree");
        assertNotNull(rebuilt.getField(IndexSchema.FIELD_SHINGLES_TOP1));
    }

    private static int count(IndexSnapshot s, Path f) throws IOException {
        return s.searcher().count(new org.apache.lucene.search.TermQuery(
                new org.apache.lucene.index.Term(IndexSchema.FIELD_ID, id(f))));
    }

    @Test
    void removalIsLimitedToTheIndexedFolder() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), index = tmp.resolve("index");
        MapExtractor.write(a, "x.rec", 1, 10);
        MapExtractor.write(b, "y.rec", 2, 10);
        run(index, a, new MapExtractor("feat"));
        run(index, b, new MapExtractor("feat"));
        Files.delete(a.resolve("x.rec"));
        IndexReport r = run(index, b, new MapExtractor("feat"));
        assertEquals(0, r.removed(), "a run over b leaves recordings under a alone");
        assertEquals(2, r.total());
        assertEquals(1, run(index, a, new MapExtractor("feat")).removed());
    }

    @Test
    void sameContentUnderTwoLivePathsIsReportedAndCopied() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        Path one = MapExtractor.write(audio, "one.rec", 3, 10);
        run(index, audio, new MapExtractor("feat"));
        Files.createDirectories(audio.resolve("copy"));
        Files.copy(one, audio.resolve("copy/two.rec"));
        MapExtractor ex = new MapExtractor("feat");
        IndexReport r = run(index, audio, ex);
        assertEquals(0, ex.calls.get(), "a copy of indexed content is not extracted");
        assertEquals(1, r.added());
        assertEquals(List.of(id(audio.resolve("copy/two.rec")) + ": same content as " + id(one)), r.duplicates());
        assertEquals(2, r.total());
        // two new files with the same content in one run
        MapExtractor.write(audio, "p.rec", 9, 10);
        MapExtractor.write(audio, "q.rec", 9, 10);
        IndexReport r2 = run(index, audio, new MapExtractor("feat"));
        assertEquals(List.of(id(audio.resolve("q.rec")) + ": same content as " + id(audio.resolve("p.rec"))), r2.duplicates());
    }

    @Test
    void unchangedStampSkipsHashingAndAChangedStampHashes() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        Path f = MapExtractor.write(audio, "a.rec", 1, 10);
        run(index, audio, new MapExtractor("feat"));
        // same size and time, different bytes: taken as unchanged without reading (the stamp is trusted)
        FileTime t = Files.getLastModifiedTime(f);
        Files.writeString(f, "2 10.0"); // same length as "1 10.0"
        Files.setLastModifiedTime(f, t);
        MapExtractor ex = new MapExtractor("feat");
        assertEquals(1, run(index, audio, ex).unchanged());
        assertEquals(0, ex.calls.get());
        // a new time makes the run hash, find new content and re-extract
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 5000));
        IndexReport r = run(index, audio, ex);
        assertEquals(1, r.updated());
        // a touched but identical file is hashed once, then skipped by its refreshed stamp
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 9000));
        assertEquals(1, run(index, audio, ex).unchanged());
        try (IndexSnapshot s = IndexSnapshot.open(index)) {
            var leaf = s.reader().leaves().get(0).reader();
            var times = leaf.getNumericDocValues(FileStamp.FIELD_MODIFIED);
            assertTrue(times.advanceExact(0));
            assertEquals(t.toMillis() + 9000, times.longValue(), "the stamp was refreshed in place");
        }
    }

    @Test
    void aSingleFileCanBeIndexed() throws IOException {
        Path audio = tmp.resolve("audio"), index = tmp.resolve("index");
        Path f = MapExtractor.write(audio, "a.rec", 1, 10);
        MapExtractor.write(audio, "b.rec", 2, 10);
        IndexReport r = run(index, f, new MapExtractor("feat"));
        assertEquals(1, r.added());
        assertEquals(1, r.total());
    }

    @Test
    void aFileThatCannotBeReadIsNamedWithTheReason() {
        Path f = tmp.resolve("locked.rec");
        assertEquals(f + ": permission denied", CollectionIndexer.reason(f, new java.nio.file.AccessDeniedException(f.toString())));
        assertEquals(f + ": file disappeared during the run",
                CollectionIndexer.reason(f, new java.nio.file.NoSuchFileException(f.toString())));
        assertEquals(f + ": IOException", CollectionIndexer.reason(f, new IOException()));
        assertEquals(f + ": disk error", CollectionIndexer.reason(f, new IOException("disk error")));
    }
}
