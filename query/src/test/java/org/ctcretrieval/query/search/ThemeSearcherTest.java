package org.ctcretrieval.query.search;

import java.util.Locale;
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
 * End to end on a synthetic collection: 40 recordings of 1-3 minutes spliced from filler and performances of
 * 20 works (works 1-19 in 2 recordings each, at different tempi and timbres); the theme, work 0, is embedded
 * only in rec00, at a known time.
 */
class ThemeSearcherTest {
    static final double RATE = 25;
    @TempDir static Path tmp;
    static Path index;
    static Path target;
    static Work theme;
    static double themeOffset;     // seconds where the work starts in the target recording
    static double targetTempo;

    @BeforeAll
    static void buildCollection() throws IOException {
        Random rnd = new Random(11);
        List<Work> works = new ArrayList<>();
        for (int i = 0; i < 20; i++) works.add(SyntheticMusic.randomWork(rnd, 40 + rnd.nextInt(40)));
        theme = works.get(0);
        Map<String, FeatureSequence> recordings = new HashMap<>();
        Path audio = tmp.resolve("audio");
        Files.createDirectories(audio);
        for (int r = 0; r < 40; r++) {
            Work w = works.get(r < 20 ? r : 1 + r % 19); // the theme (work 0) is only in rec00
            double tempo = 0.9 + 0.2 * rnd.nextDouble();
            double before = 5 + rnd.nextInt(40);
            List<float[][]> parts = List.of(SyntheticMusic.filler(rnd, before, RATE),
                    SyntheticMusic.render(w, 0, w.duration(), Performance.random(rnd, tempo, 0), RATE),
                    SyntheticMusic.filler(rnd, 5 + rnd.nextInt(30), RATE));
            float[][] frames = SyntheticMusic.concat(parts);
            String name = String.format(Locale.ROOT, "rec%02d.rec", r);
            Path f = Files.writeString(audio.resolve(name), name);
            recordings.put(f.toAbsolutePath().normalize().toString(), new FeatureSequence("feat", RATE, frames));
            if (r == 0) {
                target = f;
                themeOffset = parts.get(0).length / RATE;
                targetTempo = tempo;
            }
        }
        FeatureExtractor ex = new FeatureExtractor() {
            public String id() { return "feat"; }
            public double frameRate() { return RATE; }
            public FeatureSequence extract(Path file) { return recordings.get(file.toAbsolutePath().normalize().toString()); }
        };
        index = tmp.resolve("index");
        new CollectionIndexer(index, ex, IndexSchema.forFeatures("feat", RATE, 12),
                new CollectionIndexer.Options(2, 16, Set.of("rec"), false, true)).index(audio);
    }

    /** Score chroma of work seconds [from, to) at the given tempo and transposition, 10 Hz. */
    static FeatureSequence scoreQuery(double from, double to, double tempo, int transpose) {
        Performance p = new Performance(tempo, transpose, 0f, 0f, 0f, 0f, 0);
        return new FeatureSequence("score", 10, SyntheticMusic.render(theme, from, to, p, 10));
    }

    private static void assertFound(SearchResult r, double from, double to) {
        SearchHit top = r.hits().get(0);
        assertEquals(target.toAbsolutePath().normalize().toString(), top.id(), "top-1 of " + r.hits());
        assertEquals(themeOffset + from / targetTempo, top.startSeconds(), 1.0, "match start");
        assertEquals(themeOffset + to / targetTempo, top.endSeconds(), 1.0, "match end");
    }

    @Test
    void embeddedThemeIsTopOneWithTimesWithinOneSecond() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            SearchResult r = s.search(scoreQuery(10, 25, 1.0, 0), SearchOptions.defaults().withCandidates(10));
            assertFalse(r.exhaustive());
            assertTrue(r.candidateDocs().size() <= 10 * SearchOptions.defaults().shifts().length, "10 per transposition");
            assertFound(r, 10, 25);
            assertTrue(r.hits().get(0).candidateScore() > 0);
            SearchResult ex = s.search(scoreQuery(10, 25, 1.0, 0), SearchOptions.defaults().withExhaustive(true));
            assertTrue(ex.exhaustive());
            assertEquals(40 * TempoRange.MARKED.scales().length * SearchOptions.defaults().shifts().length, ex.scored(), "every recording in every tempo scaling");
            assertFound(ex, 10, 25);
            assertEquals(r.hits().get(0).cost(), ex.hits().get(0).cost(), 1e-6, "same DTW either way");
            for (int i = 1; i < ex.hits().size(); i++) assertTrue(ex.hits().get(i).cost() >= ex.hits().get(i - 1).cost());
        }
    }

    @Test
    void aSearchStopsAtItsDeadlineOnOneThreadAndOnSeveral() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            for (boolean exhaustive : new boolean[] {false, true}) {
                for (int threads : new int[] {1, 2}) {
                    SearchOptions o = SearchOptions.defaults().withExhaustive(exhaustive).withThreads(threads);
                    SearchTimeoutException late = assertThrows(SearchTimeoutException.class,
                            () -> s.search(scoreQuery(10, 25, 1.0, 0), o.withDeadline(SearchDeadline.after(java.time.Duration.ZERO))));
                    assertEquals(java.time.Duration.ZERO, late.budget());
                    // a deadline far off changes nothing
                    SearchResult r = s.search(scoreQuery(10, 25, 1.0, 0), o.withDeadline(SearchDeadline.after(java.time.Duration.ofMinutes(10))));
                    SearchResult free = s.search(scoreQuery(10, 25, 1.0, 0), o);
                    assertEquals(free.hits(), r.hits());
                }
            }
        }
    }

    @Test
    void semitoneNeighboursSearchAShareOfTheCandidates() throws IOException {
        SearchOptions o = SearchOptions.defaults().withCandidates(9);
        assertEquals(9, o.candidatesOfShift(0));
        assertEquals(3, o.candidatesOfShift(1));
        assertEquals(3, o.candidatesOfShift(11));
        assertEquals(5, o.withNeighbourCandidates(5).candidatesOfShift(11));
        assertEquals(9, o.withTranspose(true).candidatesOfShift(4), "every key of --transpose gets all candidates");
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            SearchResult r = s.search(scoreQuery(10, 25, 1.0, 0), o);
            assertTrue(r.candidateDocs().size() <= 9 + 2 * 3, "9 in the written key, 3 per neighbour: " + r.candidateDocs().size());
            assertFound(r, 10, 25);
        }
    }

    @Test
    void windowsOfSeveralScalingsAtOnceEqualThoseOfEachAlone() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            IndexSchema schema = s.index().schema();
            RecordingMatcher m = RecordingMatcher.of(scoreQuery(10, 25, 1.0, 0),
                    SearchOptions.defaults().withTempo(TempoRange.DEFAULT).withNeighbours(false), schema);
            org.ctcretrieval.common.index.ShingleQuantizer quantizer = new org.ctcretrieval.common.index.ShingleQuantizer(schema.quantizer());
            var leaf = s.index().reader().leaves().get(0).reader();
            int[] docs = new int[leaf.maxDoc()];
            int[] frames = new int[docs.length];
            for (int d = 0; d < docs.length; d++) {
                docs[d] = d;
                frames[d] = s.index().chroma(s.index().reader().leaves().get(0).docBase + d).length / schema.dimension();
            }
            List<CandidateQuery> queries = new ArrayList<>();
            int[] variants = new int[m.size()];
            for (int v = 0; v < m.size(); v++) {
                queries.add(CandidateQuery.build(quantizer, m.frames(v)));
                variants[v] = v;
            }
            List<List<List<DtwWindows.Window>>> together = m.windows(leaf, docs, frames, queries, variants);
            // the same with each term's state in the segment looked up beforehand (as a Solr shard does)
            var context = s.index().reader().leaves().get(0);
            var searcher = new org.apache.lucene.search.IndexSearcher(s.index().reader());
            assertEquals(together, m.windows(leaf, docs, frames, queries, variants,
                    t -> org.apache.lucene.index.TermStates.build(searcher, t, true).get(context)));
            // one scaling's query made through the term-query factory is the query itself
            assertEquals(queries.get(0).query(), CandidateQuery.union(List.of(queries.get(0)), org.apache.lucene.search.TermQuery::new));
            int windows = 0;
            for (int v = 0; v < m.size(); v++) {
                List<List<DtwWindows.Window>> alone = m.windows(leaf, docs, frames, List.of(queries.get(v)), new int[] {v}).get(0);
                assertEquals(alone, together.get(v), "scaling " + m.scale(v));
                for (List<DtwWindows.Window> w : alone) windows += w.size();
            }
            assertTrue(windows > docs.length, "the queries find windows: " + windows);
        }
    }

    @Test
    void aRecordingRankedThroughASemitoneNeighbourIsLocatedInTheWrittenKeyToo() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            RecordingMatcher m = RecordingMatcher.of(scoreQuery(10, 25, 1.0, 0), SearchOptions.defaults(), s.index().schema());
            int doc = -1;
            for (int d = 0; d < s.index().reader().maxDoc(); d++) {
                if (s.index().id(d).equals(target.toAbsolutePath().normalize().toString())) doc = d;
            }
            byte[] codes = s.index().chroma(doc);
            int neighbour = m.id(m.unscaled(), 1);
            assertEquals(1, m.semitones(neighbour));
            RecordingMatcher.Match viaNeighbour = m.whole(neighbour, codes, 0, codes.length);
            List<RecordingMatcher.Located> located = m.locate(codes, neighbour, viaNeighbour, 1);
            assertEquals(0, m.semitones(located.get(0).variant()), "located in the written key");
            double written = m.whole(m.id(m.unscaled(), 0), codes, 0, codes.length).end().cost();
            assertTrue(located.get(0).match().cost() <= written + 1e-6, located.get(0).match() + " vs " + written);
            assertTrue(written + ThemeSearcher.SHIFT_PENALTY < m.rankCost(viaNeighbour.end().cost(), neighbour), "the neighbour is worse");
        }
    }

    @Test
    void tempoChangedQueriesAreFound() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            for (double tempo : new double[] {0.8, 1.25}) {
                assertFound(s.search(scoreQuery(20, 35, tempo, 0), SearchOptions.defaults().withCandidates(10)), 20, 35);
            }
        }
    }

    @Test
    void themesPerformedAtAThirdOrThreeTimesTheScoreTempoAreFoundAtRankOneOverTheWholeTempoRange() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            for (double performed : new double[] {0.3, 3.0}) {
                // the recording plays the theme at targetTempo; a query at targetTempo / performed makes the
                // performance `performed` times as fast as the score
                FeatureSequence q = scoreQuery(20, 35, 1 / performed, 0);
                for (boolean exhaustive : new boolean[] {false, true}) {
                    SearchResult r = s.search(q, SearchOptions.defaults().withCandidates(10).withExhaustive(exhaustive)
                            .withTempo(TempoRange.DEFAULT));
                    assertFound(r, 20, 35);
                    assertEquals(performed, r.hits().get(0).tempo(), 0.15 * performed, "estimated relative tempo");
                }
                SearchResult notated = s.search(q, SearchOptions.defaults().withExhaustive(true).withTempo(TempoRange.NOTATED));
                assertTrue(notated.hits().get(0).cost() > s.search(q, SearchOptions.defaults().withExhaustive(true)
                        .withTempo(TempoRange.DEFAULT)).hits().get(0).cost() + 0.05, "the DTW steps alone do not reach " + performed + "x");
            }
        }
    }

    @Test
    void transposeKeepsEveryUntransposedMatchOfThePlainSearch() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            // indexed over the whole tempo range; exhaustive (twelve transpositions of every recording) at the
            // notated tempo only, to keep the test short
            for (boolean exhaustive : new boolean[] {false, true}) {
                SearchOptions o = SearchOptions.defaults().withCandidates(10).withTop(5).withExhaustive(exhaustive).withNeighbours(false)
                        .withTempo(exhaustive ? TempoRange.NOTATED : TempoRange.DEFAULT);
                SearchResult plain = s.search(scoreQuery(10, 25, 1.0, 0), o);
                SearchResult all = s.search(scoreQuery(10, 25, 1.0, 0), o.withTranspose(true));
                SearchHit best = plain.hits().get(0);
                SearchHit same = all.hits().get(0);
                assertEquals(best.id(), same.id());
                assertEquals(0, same.transposition());
                assertEquals(best.cost(), same.cost(), 1e-9);
                assertEquals(best.startSeconds(), same.startSeconds(), 1e-9);
                // every plain hit is still there, at a cost no higher than in the plain search
                Map<String, Double> costs = new HashMap<>();
                for (SearchHit h : all.hits()) costs.put(h.id(), h.cost());
                for (SearchHit h : plain.hits()) {
                    if (costs.containsKey(h.id())) assertTrue(costs.get(h.id()) <= h.cost() + 1e-9, h.toString());
                }
            }
        }
    }

    @Test
    void transposedQueryIsFoundWithTranspose() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            FeatureSequence up3 = scoreQuery(5, 20, 1.0, 3);
            SearchResult r = s.search(up3, SearchOptions.defaults().withCandidates(10).withTranspose(true));
            assertFound(r, 5, 20);
            assertEquals(9, r.hits().get(0).transposition(), "shifting up 9 = down 3 undoes the transposition");
            SearchResult plain = s.search(up3, SearchOptions.defaults().withExhaustive(true));
            assertTrue(plain.hits().get(0).cost() > r.hits().get(0).cost() + 0.05,
                    "without --transpose the transposed query matches clearly worse");
        }
    }

    @Test
    void aQueryOfUnknownKeyRanksEveryTranspositionByItsCostAlone() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            FeatureSequence up3 = scoreQuery(5, 20, 1.0, 3);
            SearchOptions o = SearchOptions.defaults().withCandidates(10).withTranspose(true).withTempo(TempoRange.NOTATED);
            SearchHit known = s.search(up3, o).hits().get(0);
            SearchHit unknown = s.search(up3, o.withKeyKnown(false)).hits().get(0);
            assertEquals(known.id(), unknown.id());
            assertEquals(9, unknown.transposition());
            assertEquals(known.cost() - ThemeSearcher.SHIFT_PENALTY, unknown.cost(), 1e-9,
                    "the transposed match carries no penalty when the query states no key");
        }
    }

    @Test
    void theKeysOfAQueryOfUnknownKeyShareOneCandidateBudget() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            FeatureSequence up3 = scoreQuery(5, 20, 1.0, 3);
            SearchOptions o = SearchOptions.defaults().withCandidates(10).withTranspose(true).withTempo(TempoRange.NOTATED);
            SearchResult known = s.search(up3, o);
            SearchResult unknown = s.search(up3, o.withKeyKnown(false));
            assertEquals(80, o.sharedCandidates());
            assertTrue(known.scored() > 80, "a stated key: every key matches its own 10 candidates, " + known.scored());
            assertEquals(80, unknown.scored(), "no key: the best 80 (recording, key) pairs of all keys");
            assertFound(unknown, 5, 20);
            assertEquals(9, unknown.hits().get(0).transposition());
        }
    }

    @Test
    void sharedBudgetKeepsTheBestPairsRelativeToTheirKeysBest() {
        // key 0 scores on a larger scale than key 1: its third candidate loses to key 1's second
        List<ThemeSearcher.Candidate> found = List.of(new ThemeSearcher.Candidate(7, 0, 0, 10f),
                new ThemeSearcher.Candidate(3, 0, 1, 9f), new ThemeSearcher.Candidate(5, 0, 2, 8f),
                new ThemeSearcher.Candidate(3, 1, 0, 2f), new ThemeSearcher.Candidate(8, 1, 1, 1.9f),
                new ThemeSearcher.Candidate(9, 1, 2, 0.2f));
        assertEquals(List.of(found.get(0), found.get(1), found.get(3), found.get(4)), ThemeSearcher.bestOfKeys(found, 4));
        assertEquals(found, ThemeSearcher.bestOfKeys(found, 6));
    }

    @Test
    void mismatchedQueryFeaturesAreRefused() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> s.search(new FeatureSequence("cens", 10, new float[20][12]), SearchOptions.defaults()));
            assertTrue(e.getMessage().contains("query features 'cens' do not match the index features 'feat'"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> s.search(new FeatureSequence("score", 10, new float[20][13]), SearchOptions.defaults()));
        }
    }

    @Test
    void queryWithoutShinglesIsNotMatchedAgainstEveryRecordingOfALargeIndexUnasked() throws IOException {
        // the same query as below, on a searcher whose limit lies under this index's hour of audio
        try (ThemeSearcher s = new ThemeSearcher(org.ctcretrieval.indexer.IndexSnapshot.open(index), 0.1)) {
            var e = assertThrows(org.ctcretrieval.common.UsageException.class,
                    () -> s.search(scoreQuery(10, 11, 1.0, 0), SearchOptions.defaults()));
            assertTrue(e.getMessage().contains("too few distinct shingles") && e.getMessage().matches(".*\\(1\\.\\d hours of audio\\).*")
                    && e.getMessage().contains("--exhaustive"), e.getMessage());
            SearchResult asked = s.search(scoreQuery(10, 11, 1.0, 0), SearchOptions.defaults().withExhaustive(true));
            assertTrue(asked.exhaustive());
            assertEquals(40 * TempoRange.MARKED.scales().length * SearchOptions.defaults().shifts().length, asked.scored());
        }
    }

    @Test
    void queryWithoutShinglesFallsBackToExhaustive() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            SearchResult r = s.search(scoreQuery(10, 11, 1.0, 0), SearchOptions.defaults());
            assertTrue(r.exhaustive());
            assertEquals(40 * TempoRange.MARKED.scales().length * SearchOptions.defaults().shifts().length, r.scored());
        }
    }
}
