package org.ctcretrieval.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.ctcretrieval.bench.BenchmarkBuilder;
import org.ctcretrieval.bench.BenchmarkOptions;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.eval.EvaluationReport;
import org.ctcretrieval.query.eval.Evaluator;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.RelativeIdSystem;
import org.ctcretrieval.query.eval.RetrievalSystem;
import org.ctcretrieval.query.eval.SearchSettings;
import org.ctcretrieval.query.eval.SearchSystem;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.score.ScoreChroma;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.IndexReport;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Work;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.TempoRange;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;
import org.ctcretrieval.solr.client.SolrIndexer;
import org.ctcretrieval.solr.client.SolrNodes;
import org.ctcretrieval.solr.client.SolrRecordings;
import org.ctcretrieval.solr.client.SolrSearchSystem;
import org.ctcretrieval.solr.client.SolrThemeSearcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a real SolrCloud cluster in this JVM (MiniSolrCloudCluster: 3 Jetty nodes, embedded ZooKeeper),
 * against the embedded index of the same recordings. The collection: 60 synthetic recordings of 1-2 minutes (30
 * works, 2 performances each, at different tempi and timbres, between filler), indexed through the client into 2
 * shards x 2 replicas. Queries: score chroma of 12 works, long enough for the coarse pass and matching more
 * candidates than the full DTW refines, so every stage of the ranking is compared. Then the same with a node down,
 * three clients indexing partitions concurrently, and the small ASAP benchmark's score queries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolrCloudSearchTest {
    static final double RATE = 25;
    static final String COLLECTION = "recordings";
    @TempDir static Path tmp;
    static Path audio;
    static Path embeddedIndex;
    static final Map<String, FeatureSequence> features = new ConcurrentHashMap<>();
    static final List<Work> works = new ArrayList<>();
    static FeatureExtractor extractor;
    static IndexSchema schema = IndexSchema.forFeatures("feat", RATE, 12);
    static MiniSolrCloudCluster cluster;
    static long startMillis;

    @BeforeAll
    static void startClusterAndIndex() throws Exception {
        startMillis = System.currentTimeMillis();
        Random rnd = new Random(5);
        for (int i = 0; i < 30; i++) works.add(SyntheticMusic.randomWork(rnd, 30 + rnd.nextInt(30)));
        audio = tmp.resolve("audio");
        Files.createDirectories(audio);
        for (int r = 0; r < 60; r++) addRecording(rnd, audio, r, works.get(r % 30));
        extractor = new FeatureExtractor() {
            public String id() { return "feat"; }
            public double frameRate() { return RATE; }
            public FeatureSequence extract(Path file) { return features.get(file.toAbsolutePath().normalize().toString()); }
        };
        embeddedIndex = tmp.resolve("index");
        new CollectionIndexer(embeddedIndex, extractor, schema, options()).index(audio);

        cluster = new MiniSolrCloudCluster.Builder(3, tmp.resolve("cluster"))
                .addConfig("ctcr", Configset.writeTo(tmp.resolve("configset/conf"))).build();
        createCollection(COLLECTION);
        long t0 = System.currentTimeMillis();
        try (SolrNodes nodes = nodes()) {
            IndexReport r = new SolrIndexer(new SolrRecordings(nodes), extractor, schema, options(), SolrIndexer.Partition.ALL)
                    .index(audio);
            assertEquals(60, r.added());
            assertEquals(60, r.total());
        }
        System.err.printf(java.util.Locale.ROOT, "cluster up and 60 recordings indexed in %.1f s (indexing %.1f s)%n",
                (System.currentTimeMillis() - startMillis) / 1000.0, (System.currentTimeMillis() - t0) / 1000.0);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) cluster.shutdown();
        System.err.printf(java.util.Locale.ROOT, "cluster tests took %.1f s%n", (System.currentTimeMillis() - startMillis) / 1000.0);
    }

    static void addRecording(Random rnd, Path dir, int r, Work w) throws IOException {
        double tempo = 0.85 + 0.3 * rnd.nextDouble();
        List<float[][]> parts = List.of(SyntheticMusic.filler(rnd, 5 + rnd.nextInt(30), RATE),
                SyntheticMusic.render(w, 0, w.duration(), Performance.random(rnd, tempo, 0), RATE),
                SyntheticMusic.filler(rnd, 5 + rnd.nextInt(20), RATE));
        String name = String.format(java.util.Locale.ROOT, "rec%02d.rec", r);
        Path f = Files.writeString(dir.resolve(name), name);
        features.put(f.toAbsolutePath().normalize().toString(), new FeatureSequence("feat", RATE, SyntheticMusic.concat(parts)));
    }

    static CollectionIndexer.Options options() {
        return new CollectionIndexer.Options(2, 8, Set.of("rec"), false, true);
    }

    static void createCollection(String name) throws Exception {
        CollectionAdminRequest.createCollection(name, "ctcr", 2, 2).process(cluster.getSolrClient());
        cluster.waitForActiveCollection(name, 2, 4);
    }

    static SolrNodes nodes() {
        List<String> urls = new ArrayList<>();
        for (JettySolrRunner j : cluster.getJettySolrRunners()) urls.add(j.getBaseUrl().toString());
        SolrNodes nodes = new SolrNodes(urls, COLLECTION);
        nodes.setRetrySeconds(60);
        return nodes;
    }

    /** Score chroma (10 Hz) of seconds [from, from + seconds) of a work, slightly slower than written. */
    static FeatureSequence theme(int work, double from, double seconds) {
        Work w = works.get(work);
        return new FeatureSequence("score", 10, SyntheticMusic.render(w, from, Math.min(w.duration(), from + seconds),
                new Performance(1.05, 0, 0f, 0f, 0f, 0f, 0), 10));
    }

    static List<FeatureSequence> themes() {
        List<FeatureSequence> out = new ArrayList<>();
        for (int k = 0; k < 12; k++) out.add(theme(k * 2 + 1, 2 + k % 3, 8 + 2 * (k % 4)));
        return out;
    }

    /** Asserts one query's rankings equal: IDs in order and costs to 1e-6. */
    static void assertSameRanking(String what, SearchResult embedded, SolrThemeSearcher.Result cloud) {
        List<SearchHit> a = embedded.hits(), b = cloud.hits();
        assertEquals(a.size(), b.size(), what + ": number of hits");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id(), what + ": rank " + (i + 1));
            assertEquals(a.get(i).cost(), b.get(i).cost(), 1e-6, what + ": cost at rank " + (i + 1));
            assertEquals(a.get(i).startSeconds(), b.get(i).startSeconds(), 1e-9, what + ": start at rank " + (i + 1));
            assertEquals(a.get(i).endSeconds(), b.get(i).endSeconds(), 1e-9, what + ": end at rank " + (i + 1));
            assertEquals(a.get(i).transposition(), b.get(i).transposition(), what + ": transposition at rank " + (i + 1));
            assertEquals(a.get(i).tempo(), b.get(i).tempo(), 1e-9, what + ": tempo at rank " + (i + 1));
            assertEquals(a.get(i).tuningCents(), b.get(i).tuningCents(), 1e-6, what + ": tuning at rank " + (i + 1));
            List<SearchHit.Occurrence> ao = a.get(i).occurrences(), bo = b.get(i).occurrences();
            assertEquals(ao.size(), bo.size(), what + ": occurrences at rank " + (i + 1));
            for (int k = 0; k < ao.size(); k++) {
                assertEquals(ao.get(k).cost(), bo.get(k).cost(), 1e-6, what + ": occurrence " + k + " cost at rank " + (i + 1));
                assertEquals(ao.get(k).startSeconds(), bo.get(k).startSeconds(), 1e-9, what + ": occurrence " + k + " start at rank " + (i + 1));
                assertEquals(ao.get(k).endSeconds(), bo.get(k).endSeconds(), 1e-9, what + ": occurrence " + k + " end at rank " + (i + 1));
            }
        }
        assertEquals(embedded.exhaustive(), cloud.exhaustive(), what + ": exhaustive");
    }

    /** The theme's own tempo and key only (one query variant). */
    static SearchOptions plain() {
        return SearchOptions.defaults().withThreads(1).withTempo(TempoRange.NOTATED).withNeighbours(false);
    }

    /**
     * Every theme, indexed and exhaustive, with the default search (tempo range, semitone neighbours), a small
     * candidate count, several occurrences and the theme's own tempo and key only.
     */
    static int compareAll(String when) throws IOException {
        int compared = 0;
        SearchOptions defaults = SearchOptions.defaults().withThreads(1);
        List<SearchOptions> settings = List.of(defaults, defaults.withTop(5).withCandidates(20),
                defaults.withExhaustive(true), defaults.withOccurrences(3), plain(), plain().withTempoKnown(false));
        try (ThemeSearcher embedded = ThemeSearcher.open(embeddedIndex);
             SolrThemeSearcher cloud = SolrThemeSearcher.open(new SolrRecordings(nodes()))) {
            List<FeatureSequence> themes = themes();
            for (int t = 0; t < themes.size(); t++) {
                for (SearchOptions o : settings) {
                    String what = when + ", theme " + t + ", " + o;
                    SearchResult e = embedded.search(themes.get(t), o);
                    SolrThemeSearcher.Result c = cloud.search(themes.get(t), o);
                    assertSameRanking(what, e, c);
                    if (!o.exhaustive()) {
                        assertEquals(e.candidateDocs().size(), c.candidateIds().size(), what + ": candidates");
                        java.util.Set<String> embeddedCandidates = new java.util.HashSet<>();
                        for (int doc : e.candidateDocs()) embeddedCandidates.add(embedded.index().id(doc));
                        assertEquals(embeddedCandidates, new java.util.HashSet<>(c.candidateIds()), what + ": candidate recordings");
                        assertEquals(e.scored(), c.scored(), what + ": recordings scored");
                    }
                    compared++;
                }
            }
            // all twelve transpositions once
            SearchOptions o = defaults.withTranspose(true);
            FeatureSequence up3 = new FeatureSequence("score", 10, SyntheticMusic.render(works.get(4), 1, 11,
                    new Performance(1.0, 3, 0f, 0f, 0f, 0f, 0), 10));
            SearchResult e = embedded.search(up3, o);
            assertSameRanking(when + ", transposed theme", e, cloud.search(up3, o));
            assertEquals(9, e.hits().get(0).transposition(), "the theme played 3 semitones up matches 9 semitones further up");
            compared++;
        }
        return compared;
    }

    @Test
    @Order(1)
    void rankingsEqualTheEmbeddedIndex() throws Exception {
        long t0 = System.currentTimeMillis();
        int n = compareAll("all nodes up");
        System.err.printf(java.util.Locale.ROOT, "%d rankings compared in %.1f s%n", n, (System.currentTimeMillis() - t0) / 1000.0);
        // the coarse pass and the candidate cut-off were exercised
        try (ThemeSearcher embedded = ThemeSearcher.open(embeddedIndex)) {
            SearchResult r = embedded.search(themes().get(0), plain());
            assertTrue(r.candidateDocs().size() > 40 && r.scored() <= 40,
                    "the coarse pass keeps 40 of more candidates: candidates " + r.candidateDocs().size() + ", refined " + r.scored());
        }
    }

    @Test
    @Order(2)
    void aNodeDownKeepsAnsweringAndIndexingResumes() throws Exception {
        JettySolrRunner stopped = cluster.stopJettySolrRunner(0);
        cluster.waitForJettyToStop(stopped);
        compareAll("node 1 of 3 down");
        // new recordings while the node is down, in both engines
        Random rnd = new Random(9);
        for (int r = 60; r < 63; r++) addRecording(rnd, audio, r, works.get(r % 30));
        IndexReport embedded = new CollectionIndexer(embeddedIndex, extractor, schema, options()).index(audio);
        assertEquals(3, embedded.added());
        try (SolrNodes nodes = nodes()) {
            IndexReport r = new SolrIndexer(new SolrRecordings(nodes), extractor, schema, options(), SolrIndexer.Partition.ALL)
                    .index(audio);
            assertEquals(3, r.added());
            assertEquals(60, r.unchanged());
            assertEquals(63, r.total());
        }
        cluster.startJettySolrRunner(stopped);
        cluster.waitForNode(stopped, 60);
        cluster.waitForActiveCollection(COLLECTION, 2, 4);
        // A document the client sent again while the node was away (a retry after a timeout) is stored twice until
        // a merge drops the old copy, and BM25's statistics count deleted documents: the candidate scores would
        // then differ from the embedded index's for a reason that is not the search. Merge deletions away first:
        // into one segment per replica, since expunging deletions leaves a segment with under 10 % of them deleted.
        var settle = new org.apache.solr.client.solrj.request.UpdateRequest();
        settle.setAction(org.apache.solr.client.solrj.request.AbstractUpdateRequest.ACTION.OPTIMIZE, true, true, 1);
        settle.process(cluster.getSolrClient(), COLLECTION);
        compareAll("node back");
    }

    /**
     * The small ASAP benchmark (bench-build --small: FluidSynth renderings of real scores, cqt features) indexed
     * through the client into a 2 x 2 collection: every score query ranks as on the embedded index, indexed and
     * exhaustive. Needs FluidSynth and the soundfonts of scripts/setup.sh, and the shared ASAP data.
     */
    @Test
    @Order(4)
    void asapScoreQueriesRankAsOnTheEmbeddedIndex() throws Exception {
        long t0 = System.currentTimeMillis();
        Path asap = SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset");
        Path bench = tmp.resolve("asap-small");
        new BenchmarkBuilder(BenchmarkOptions.defaults(asap, bench).small().withThreads(2), System.err).build();
        FeatureExtractor cqt = FeatureExtractors.discover().create("cqt");
        Map<Path, FeatureSequence> extracted = new ConcurrentHashMap<>();
        FeatureExtractor once = new FeatureExtractor() {
            public String id() { return cqt.id(); }
            public double frameRate() { return cqt.frameRate(); }
            public FeatureSequence extract(Path file) throws IOException {
                FeatureSequence f = extracted.get(file);
                if (f == null) extracted.put(file, f = cqt.extract(file));
                return f;
            }
        };
        IndexSchema cqtSchema = IndexSchema.forFeatures(cqt.id(), cqt.frameRate(), 12);
        CollectionIndexer.Options opts = CollectionIndexer.Options.defaults().withThreads(2);
        Path index = tmp.resolve("asap-index");
        new CollectionIndexer(index, once, cqtSchema, opts).index(bench.resolve("audio"));
        createCollection("asap");
        List<String> urls = new ArrayList<>();
        for (JettySolrRunner j : cluster.getJettySolrRunners()) urls.add(j.getBaseUrl().toString());
        List<QuerySpec> queries = QueryFile.read(bench.resolve("queries.tsv"));
        assertTrue(queries.size() >= 10, "queries: " + queries.size());
        try (SolrRecordings recs = new SolrRecordings(new SolrNodes(urls, "asap"));
             ThemeSearcher embedded = ThemeSearcher.open(index)) {
            new SolrIndexer(recs, once, cqtSchema, opts, SolrIndexer.Partition.ALL).index(bench.resolve("audio"));
            SolrThemeSearcher cloud = SolrThemeSearcher.open(recs);
            for (QuerySpec q : queries) {
                FeatureSequence chroma = ScoreChroma.query(q.score(), q.selection());
                for (SearchOptions o : List.of(SearchOptions.defaults().withThreads(1), SearchOptions.defaults().withThreads(1).withExhaustive(true))) {
                    SearchResult e = embedded.search(chroma, o);
                    assertFalse(e.hits().isEmpty(), q.id());
                    assertSameRanking("ASAP query " + q.id() + (o.exhaustive() ? " exhaustive" : " indexed"), e, cloud.search(chroma, o));
                }
            }
            // evaluation (ctcr evaluate --solr) scores the collection as the index
            SearchSettings settings = SearchSettings.defaults();
            EvaluationReport onCloud = new Evaluator(new RelativeIdSystem(new SolrSearchSystem(cloud), bench.resolve("audio")),
                    settings).evaluate(queries);
            EvaluationReport onIndex;
            try (RetrievalSystem local = new RelativeIdSystem(SearchSystem.open(index), bench.resolve("audio"))) {
                onIndex = new Evaluator(local, settings).evaluate(queries);
            }
            assertEquals(onIndex.summary().meanAveragePrecision(), onCloud.summary().meanAveragePrecision(), 1e-12, "mAP");
            assertEquals(onIndex.summary().candidateRecall(), onCloud.summary().candidateRecall(), 1e-12, "candidate recall");
            assertEquals(queries.size(), onCloud.summary().queries());
        }
        System.err.printf(java.util.Locale.ROOT, "%d ASAP queries compared (benchmark built, indexed twice) in %.1f s%n", queries.size(),
                (System.currentTimeMillis() - t0) / 1000.0);
    }

    @Test
    @Order(3)
    void threeClientsIndexDisjointPartitions() throws Exception {
        String name = "partitioned";
        createCollection(name);
        List<String> urls = new ArrayList<>();
        for (JettySolrRunner j : cluster.getJettySolrRunners()) urls.add(j.getBaseUrl().toString());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<IndexReport>> runs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            SolrIndexer.Partition p = new SolrIndexer.Partition(i, 3);
            runs.add(pool.submit(() -> {
                try (SolrNodes nodes = new SolrNodes(urls, name)) {
                    return new SolrIndexer(new SolrRecordings(nodes), extractor, schema, options(), p).index(audio);
                }
            }));
        }
        int added = 0;
        for (Future<IndexReport> f : runs) {
            IndexReport r = f.get();
            assertTrue(r.failed().isEmpty(), r.failed().toString());
            assertTrue(r.added() > 5, "every share holds some recordings: " + r.added());
            added += r.added();
        }
        pool.shutdown();
        int files = (int) Files.list(audio).count();
        assertEquals(files, added, "the shares are disjoint and cover the folder");
        try (SolrNodes nodes = new SolrNodes(urls, name)) {
            SolrRecordings recs = new SolrRecordings(nodes);
            assertEquals(files, recs.count());
            IndexReport again = new SolrIndexer(recs, extractor, schema, options(), new SolrIndexer.Partition(2, 3)).index(audio);
            assertEquals(0, again.added());
            assertFalse(again.unchanged() == 0, "a re-run skips its committed share");
        }
    }
}
