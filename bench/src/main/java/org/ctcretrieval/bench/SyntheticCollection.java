package org.ctcretrieval.bench;

import java.util.Locale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Performance;
import org.ctcretrieval.testdata.synthetic.SyntheticMusic.Work;
import org.ctcretrieval.query.search.ThemeSearcher;

/**
 * A collection of synthetic chroma ({@link SyntheticMusic}), needing no data at all.
 *
 * <p><b>Recordings.</b> Works of 1-3 minutes ({@link SyntheticMusic#randomWork}); each recording splices 1-3
 * complete performances of random works with 0-10 s of unrelated filler around them; every performance has its own
 * tempo (×0.8 to ×1.25), timbre (overtone weights, envelope) and noise, rendered as 25 Hz chroma. The number of
 * works is chosen so each work has about 12 performances.
 *
 * <p><b>Queries.</b> Score excerpts (no overtones, envelope or noise, notated tempo) of 8-15 s from random works,
 * at 10 Hz with feature ID {@code score}; the recordings holding a performance of that work are relevant.
 */
public final class SyntheticCollection implements BenchCollection {
    private static final double RATE = 25;

    private record Recording(String id, List<Integer> works, long seed) {}

    private final List<Work> catalogue;
    private final List<Recording> recordings;
    private final List<Query> queries;

    /**
     * @param hours   approximate audio hours
     * @param queries number of queries
     * @param seed    random seed
     */
    public SyntheticCollection(double hours, int queries, long seed) {
        Random rnd = new Random(seed);
        double meanRecording = 2 * 120 + 20; // seconds: 2 works of ~2 min + filler on average
        int count = Math.max(1, (int) Math.round(hours * 3600 / meanRecording));
        int works = Math.max(1, count * 2 / 12);
        catalogue = new ArrayList<>(works);
        for (int i = 0; i < works; i++) catalogue.add(SyntheticMusic.randomWork(rnd, 60 + rnd.nextInt(120)));
        recordings = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            int n = 1 + rnd.nextInt(3);
            List<Integer> ws = new ArrayList<>();
            for (int k = 0; k < n; k++) ws.add(rnd.nextInt(works));
            recordings.add(new Recording(String.format(Locale.ROOT, "/bench/rec%06d.wav", r), ws, rnd.nextLong()));
        }
        this.queries = new ArrayList<>(queries);
        for (int i = 0; i < queries; i++) {
            int w = rnd.nextInt(works);
            Work work = catalogue.get(w);
            double len = 8 + 7 * rnd.nextDouble();
            double from = rnd.nextDouble() * Math.max(0, work.duration() - len);
            Set<String> rel = new HashSet<>();
            for (Recording r : recordings) if (r.works.contains(w)) rel.add(r.id);
            this.queries.add(new Query(new FeatureSequence(ThemeSearcher.SCORE_FEATURE_ID, 10,
                    SyntheticMusic.render(work, from, from + len, Performance.score(), 10)), rel, true));
        }
    }

    @Override
    public String source() {
        return "synthetic chroma";
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
        Recording rec = recordings.get(r);
        Random local = new Random(rec.seed);
        List<float[][]> parts = new ArrayList<>();
        for (int w : rec.works) {
            parts.add(SyntheticMusic.filler(local, local.nextInt(11), RATE));
            Work work = catalogue.get(w);
            Performance p = Performance.random(local, 0.8 + 0.45 * local.nextDouble(), 0);
            parts.add(SyntheticMusic.render(work, 0, work.duration(), p, RATE));
        }
        parts.add(SyntheticMusic.filler(local, local.nextInt(11), RATE));
        return SyntheticMusic.concat(parts);
    }

    @Override
    public double frameRate() {
        return RATE;
    }

    @Override
    public int works() {
        return catalogue.size();
    }

    @Override
    public List<Query> queries() {
        return queries;
    }
}
