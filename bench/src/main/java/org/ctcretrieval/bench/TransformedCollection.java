package org.ctcretrieval.bench;

import java.util.Locale;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.RetrievalFeatures;
import org.ctcretrieval.indexer.IndexSnapshot;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RecordingIds;
import org.ctcretrieval.query.eval.SearchSystem;
import org.ctcretrieval.query.score.QueryModel;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * A scaled collection made by transforming real extracted features: the chroma stored in an existing index (e.g.
 * deep chroma of the rendered ASAP performances of {@code bench-build}) and the score queries of its query file.
 *
 * <p><b>Works.</b> Recordings that share a query's relevant list belong to one piece. A <i>work</i> is a piece under
 * a fixed permutation of the 12 pitch classes (the first work of every piece keeps the identity): the permuted
 * chroma of a real performance and the equally permuted score chroma differ exactly as the real pair does (same
 * timing deviations, voicing, timbre and extractor errors), yet a permuted work matches no other work, so a few
 * hours of real material yield as many distinct works as the scale needs. The number of works is chosen so that
 * each has about 12 performances.
 *
 * <p><b>Recordings.</b> 1-3 segments spliced; a segment is one real feature sequence of a random work's piece,
 * permuted as the work, re-timed by a tempo factor of ×0.8 to ×1.25 (resampled with
 * {@link RetrievalFeatures#resample}), with a random gain of ±15 % per pitch class and uniform noise of up to
 * 0.05 per class (rows are unit vectors).
 *
 * <p><b>Queries.</b> Score chroma of a random query of the query file as {@code ctcr query} computes it (the query
 * model of the source index's feature, the file's transpose column and bpm; searched in the tempo range that the
 * score's tempo mark allows), permuted as a random work of its piece; relevant are the recordings holding a segment of that work made from one of the query's
 * relevant recordings.
 */
public final class TransformedCollection implements BenchCollection {
    /** Performances per work the plan aims at. */
    static final int PERFORMANCES_PER_WORK = 12;

    private record Base(String id, int piece, float[][] frames) {}

    private record Work(int piece, int[] permutation) {}

    private record Segment(int work, int base, double tempo, float noise, long seed) {}

    private record Recording(String id, List<Segment> segments) {}

    private final String source;
    private final double rate;
    private final List<Base> bases;
    private final List<Work> works;
    private final List<Recording> recordings;
    private final List<Query> queries;

    /**
     * @param sourceIndex index whose stored chroma is the raw material
     * @param queryFile   queries on that index ({@link QueryFile} format); recording IDs are relative to
     *                    {@code audioRoot}
     * @param audioRoot   the folder the source index was built from
     * @param hours       audio hours of the scaled collection
     * @param queryCount  number of queries
     * @param seed        random seed
     * @throws InputException if the index or query file cannot be read, or a relevant recording is not indexed
     */
    public TransformedCollection(Path sourceIndex, Path queryFile, Path audioRoot, double hours, int queryCount, long seed)
            throws IOException {
        List<QuerySpec> specs = QueryFile.read(queryFile);
        String featureId;
        Map<String, float[][]> material = new LinkedHashMap<>();
        try (IndexSnapshot index = IndexSnapshot.open(sourceIndex)) {
            rate = index.schema().retrievalRate();
            featureId = index.schema().featureId();
            int d = index.schema().dimension();
            if (d != 12) throw new InputException(sourceIndex, "index holds " + d + "-dimensional features, not chroma");
            for (LeafReaderContext leaf : index.reader().leaves()) {
                LeafReader r = leaf.reader();
                Bits live = r.getLiveDocs();
                for (int doc = 0; doc < r.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) continue;
                    int global = leaf.docBase + doc;
                    byte[] codes = index.chroma(global);
                    float[] flat = RetrievalFeatures.dequantizeNormalized(codes, 0, codes.length, d);
                    float[][] frames = new float[flat.length / d][d];
                    for (int t = 0; t < frames.length; t++) System.arraycopy(flat, t * d, frames[t], 0, d);
                    String id;
                    try {
                        id = RecordingIds.of(audioRoot, Path.of(index.id(global)));
                    } catch (IllegalArgumentException e) {
                        throw new InputException(sourceIndex, "recording " + index.id(global) + " is not inside " + audioRoot);
                    }
                    material.put(id, frames);
                }
            }
        }
        this.source = "transformed features of " + material.size() + " recordings in " + sourceIndex;
        // Pieces: recordings relevant to a common query (union-find over the relevant lists).
        Map<String, String> parent = new HashMap<>();
        for (QuerySpec q : specs) {
            for (String id : q.relevant()) {
                if (!material.containsKey(id)) throw new InputException(queryFile, q.origin() + ": relevant recording " + id + " is not in " + sourceIndex);
                parent.putIfAbsent(id, id);
                union(parent, q.relevant().get(0), id);
            }
        }
        Map<String, Integer> pieceOf = new HashMap<>();
        List<List<Integer>> basesOfPiece = new ArrayList<>();
        bases = new ArrayList<>();
        for (Map.Entry<String, float[][]> e : material.entrySet()) {
            if (!parent.containsKey(e.getKey())) continue; // plays no query: not a work
            String root = find(parent, e.getKey());
            int piece = pieceOf.computeIfAbsent(root, k -> {
                basesOfPiece.add(new ArrayList<>());
                return basesOfPiece.size() - 1;
            });
            basesOfPiece.get(piece).add(bases.size());
            bases.add(new Base(e.getKey(), piece, e.getValue()));
        }
        Random rnd = new Random(seed);
        double meanSeconds = 0;
        for (Base b : bases) meanSeconds += b.frames.length / rate;
        meanSeconds /= bases.size();
        double segmentsWanted = hours * 3600 / meanSeconds;
        int pieces = basesOfPiece.size();
        int perPiece = Math.max(1, (int) Math.ceil(segmentsWanted / PERFORMANCES_PER_WORK / pieces));
        works = new ArrayList<>(pieces * perPiece);
        for (int v = 0; v < perPiece; v++) {
            for (int p = 0; p < pieces; p++) works.add(new Work(p, v == 0 ? identity() : permutation(rnd)));
        }
        recordings = new ArrayList<>();
        double seconds = 0;
        while (seconds < hours * 3600) {
            int n = 1 + rnd.nextInt(3);
            List<Segment> segs = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int w = rnd.nextInt(works.size());
                List<Integer> candidates = basesOfPiece.get(works.get(w).piece);
                int base = candidates.get(rnd.nextInt(candidates.size()));
                double tempo = 0.8 + 0.45 * rnd.nextDouble();
                segs.add(new Segment(w, base, tempo, 0.05f * rnd.nextFloat(), rnd.nextLong()));
                seconds += bases.get(base).frames.length / rate / tempo;
            }
            recordings.add(new Recording(String.format(Locale.ROOT, "/bench/rec%06d.wav", recordings.size()), segs));
        }
        // Each query as `ctcr query` searches it: the score under the query model of the source index's feature,
        // moved by the query file's transpose column, searched in the tempo range its tempo mark (or bpm) allows.
        QueryModel model = QueryModel.defaultFor(featureId);
        Map<Integer, FeatureSequence> scoreChroma = new HashMap<>();
        Map<Integer, Boolean> scoreTempoKnown = new HashMap<>();
        queries = new ArrayList<>(queryCount);
        for (int i = 0; i < queryCount; i++) {
            int s = rnd.nextInt(specs.size());
            QuerySpec spec = specs.get(s);
            FeatureSequence chroma = scoreChroma.get(s);
            if (chroma == null) {
                Score score = ScoreReader.read(spec.score(), spec.selection());
                chroma = SearchSystem.transposed(model.chroma(score, spec.part().isPresent() || spec.staff().isPresent(),
                        ScoreChroma.QUERY_RATE), spec.transpose());
                scoreChroma.put(s, chroma);
                scoreTempoKnown.put(s, !"default".equals(score.tempoSource()));
            }
            int piece = pieceOf.get(find(parent, spec.relevant().get(0)));
            int w = piece + pieces * rnd.nextInt(perPiece);
            Set<Integer> relevantBases = new HashSet<>();
            for (String id : spec.relevant()) {
                for (int b = 0; b < bases.size(); b++) if (bases.get(b).id.equals(id)) relevantBases.add(b);
            }
            Set<String> relevant = new HashSet<>();
            for (Recording r : recordings) {
                for (Segment g : r.segments) if (g.work == w && relevantBases.contains(g.base)) relevant.add(r.id);
            }
            queries.add(new Query(new FeatureSequence(ThemeSearcher.SCORE_FEATURE_ID, chroma.frameRate(),
                    permute(chroma.frames(), works.get(w).permutation)), relevant, scoreTempoKnown.get(s)));
        }
    }

    private static int[] identity() {
        int[] p = new int[12];
        for (int i = 0; i < 12; i++) p[i] = i;
        return p;
    }

    private static int[] permutation(Random rnd) {
        int[] p = identity();
        for (int i = 11; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Frame-wise {@code out[p[c]] = in[c]}. */
    static float[][] permute(float[][] frames, int[] p) {
        float[][] out = new float[frames.length][12];
        for (int t = 0; t < frames.length; t++) for (int c = 0; c < 12; c++) out[t][p[c]] = frames[t][c];
        return out;
    }

    private static String find(Map<String, String> parent, String x) {
        while (!parent.get(x).equals(x)) {
            parent.put(x, parent.get(parent.get(x)));
            x = parent.get(x);
        }
        return x;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        parent.put(find(parent, a), find(parent, b));
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int recordings() {
        return recordings.size();
    }

    @Override
    public String id(int r) {
        return recordings.get(r).id;
    }

    @Override
    public float[][] frames(int r) {
        List<float[][]> parts = new ArrayList<>();
        for (Segment g : recordings.get(r).segments) {
            Random local = new Random(g.seed);
            float[][] base = bases.get(g.base).frames;
            float[] gain = new float[12];
            for (int c = 0; c < 12; c++) gain[c] = 0.85f + 0.3f * local.nextFloat();
            float[][] varied = new float[base.length][12];
            for (int t = 0; t < base.length; t++) {
                for (int c = 0; c < 12; c++) varied[t][c] = base[t][c] * gain[c] + g.noise * local.nextFloat();
            }
            float[][] permuted = permute(varied, works.get(g.work).permutation);
            parts.add(RetrievalFeatures.resample(new FeatureSequence("bench", rate * g.tempo, permuted), rate).frames());
        }
        return SyntheticMusic.concat(parts);
    }

    @Override
    public double frameRate() {
        return rate;
    }

    @Override
    public int works() {
        return works.size();
    }

    @Override
    public List<Query> queries() {
        return queries;
    }
}
