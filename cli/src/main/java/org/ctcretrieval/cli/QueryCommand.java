package org.ctcretrieval.cli;

import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.indexer.ContentHash;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.PitchTracker;
import org.ctcretrieval.query.audio.QueryAudio;
import org.ctcretrieval.query.audio.QueryAudio.AudioSpan;
import org.ctcretrieval.query.audio.SungMelody;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.query.score.ScoreChroma;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ctcretrieval.common.OptionBounds;
import org.ctcretrieval.query.search.ScoreSearch;
import org.ctcretrieval.solr.client.SolrThemeSearcher;
import java.util.Optional;
import org.ctcretrieval.query.score.QueryModel;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.FusionRule;
import org.ctcretrieval.query.score.TempoMap;
import org.ctcretrieval.query.search.TempoRange;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.indexer.ChromaCsv;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.SearchResultJson;
import org.ctcretrieval.query.search.ThemeSearcher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ctcr query}: find the recordings that play a theme. */
@Command(name = "query", header = "Find the recordings (and time spans) that play a theme given as a score.", mixinStandardHelpOptions = true,
        description = {
            "Find the indexed recordings that play THEME (a score snippet) and where in them it is played.",
            "",
            "The theme's chroma is resampled to the index rate, its quantised shingles select candidate recordings (Lucene, BM25), and subsequence DTW ranks the candidates by cost (lower = better) with the matching time span. The query sees the index as of its last commit.",
            "",
            "Instead of a score, the query can be audio: --audio EXCERPT finds other performances of a recorded passage; --sung FILE finds recordings of a hummed, sung or whistled melody."
        })
public final class QueryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-x", "--index"}, paramLabel = "INDEX_DIR", description = "Index folder.")
    Path indexDir;

    @Mixin SolrOptions solr;

    @Mixin ScoreSelectionOptions selection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Parameters(index = "0", arity = "0..1", paramLabel = "THEME", description = "Score snippet: MusicXML, .mxl or MIDI.")
        Path theme;

        @Option(names = "--query-features", paramLabel = "FILE.csv",
                description = "Use this chroma as the query instead of a score: one frame per line, 12 values (C..B),"
                        + " optionally preceded by a time column in seconds; a non-numeric first line is a header.")
        Path features;

        @Option(names = "--audio", paramLabel = "FILE",
                description = "Query with an excerpt of a performance (any audio format): find the other performances."
                        + " The index's own features are extracted from it; its own recording is left out unless --include-self.")
        Path audio;

        @Option(names = "--sung", paramLabel = "FILE",
                description = "Query with a hummed, sung or whistled melody (any audio format): pitch tracking, notes,"
                        + " melody chroma, searched in every key, all equally likely (see --fixed-key), at the sung tempo (recordings"
                        + " half to twice as fast); each hit shows the key shift found.")
        Path sung;
    }

    @Option(names = "--from", paramLabel = "S", description = "With --audio/--sung: start of the query in the file, seconds (default: 0).")
    Double from;

    @Option(names = "--to", paramLabel = "S", description = "With --audio/--sung: end of the query in the file, seconds (default: the end).")
    Double to;

    @Option(names = "--include-self", description = "With --audio: keep the recording the excerpt comes from in the ranking.")
    boolean includeSelf;

    @Option(names = "--fixed-key", description = "With --sung: search only the key it was sung in (default: all 12 keys).")
    boolean fixedKey;

    @Option(names = "--pitch-detector", paramLabel = "NAME", defaultValue = "fft-yin",
            description = "With --sung: TarsosDSP pitch detector: yin, fft-yin, mpm, dynamic-wavelet, amdf (default: ${DEFAULT-VALUE}).")
    String pitchDetector;





    @Option(names = "--tempo-range", paramLabel = "A-B",
            description = "Performance tempos matched, relative to THEME's: A-B, or one number (1 = only the DTW steps'"
                    + " own 0.5x-2x). Default: 0.5-2 for a score with a tempo mark or --bpm, 0.25-4 (a quarter to four"
                    + " times the assumed 120 bpm) for one without, 0.5-2 for --audio, 1 for --sung (the sung tempo).")
    String tempoRange;

    @Option(names = "--occurrences", paramLabel = "N", defaultValue = "1",
            description = "Matches listed per recording at most: non-overlapping spans, best first (default: ${DEFAULT-VALUE}).")
    int occurrences;

    @Option(names = "--semitone-neighbours", negatable = true,
            description = "Also search THEME one semitone up and down, for historical pitch (A=415) and editions a semitone"
                    + " away; such matches rank behind untransposed ones of equal cost (default: on).")
    Boolean neighbours; // null: SearchOptions.DEFAULT_NEIGHBOURS


    @Option(names = "--query-rate", paramLabel = "HZ", defaultValue = "25",
            description = "Frame rate of --query-features without a time column (default: ${DEFAULT-VALUE}).")
    double queryRate;

    @Option(names = "--query-feature-id", paramLabel = "ID", defaultValue = ThemeSearcher.SCORE_FEATURE_ID,
            description = "Feature ID of --query-features: 'score' (default) for score chroma, which any index accepts,"
                    + " or the index's own feature ID for chroma extracted from audio.")
    String queryFeatureId;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Recordings to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "" + SearchOptions.DEFAULT_CANDIDATES,
            description = "Candidates from the term search that DTW re-scores (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--transpose", description = "Also search the 11 other transpositions of the theme (12x the work).")
    boolean transpose;

    @Option(names = "--exhaustive", description = "Skip the term search: run DTW against every recording (slow, exact).")
    boolean exhaustive;

    @Option(names = "--threads", paramLabel = "N", description = "DTW threads (default: number of cores).")
    Integer threads;

    @Option(names = "--query-model", paramLabel = "MODEL",
            description = "Score chroma sent to every feature: whole, top-staff, skyline, top-skyline or onset (see "
                    + "'ctcr evaluate --help'). Default: per feature family, the best on the benchmark (onset for "
                    + "cqt, cens and deep chroma). --part/--staff override the choice of notes.")
    String queryModel;

    @Option(names = "--fusion", paramLabel = "RULE",
            description = "Fused index: how the features' DTW costs are combined: zsum, zsum:W1,W2,... or rrf "
                    + "(default: wzsum, z-scores weighted by feature family). The listed score is then the fused one (lower = better).")
    String fusion;

    @Option(names = "--json", description = "Print a JSON object with a 'results' array, best first.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        solr.requireOneTarget(indexDir, spec);
        OptionBounds.require("--top", top, 1, 100_000);
        OptionBounds.require("--candidates", candidates, 1, 10_000_000);
        OptionBounds.require("--query-rate", queryRate, 0.5, 200);
        if (threads != null) OptionBounds.require("--threads", threads, 1, 1024);
        if (occurrences < 1) throw new UsageException("--occurrences must be at least 1: " + occurrences);
        TempoRange tempo;
        try {
            tempo = tempoRange == null ? null : TempoRange.parse(tempoRange);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tempo-range: " + e.getMessage());
        }
        if (source.audio != null || source.sung != null) return audioQuery(tempo);
        if (from != null || to != null) throw new UsageException("--from/--to need --audio or --sung");
        Optional<QueryModel> model = queryModel == null ? Optional.empty() : Optional.of(QueryModel.parse(queryModel));
        FusionRule rule = fusion == null ? FusionRule.DEFAULT : FusionRule.parse(fusion);
        Score score = source.features != null ? null : ScoreReader.read(source.theme, selection.selection());
        FeatureSequence csv = source.features != null ? ChromaCsv.read(source.features, 12, queryRate, queryFeatureId) : null;
        Boolean tempoKnown = score == null ? null : !"default".equals(score.tempoSource()); // null: not a score
        SearchOptions options = SearchOptions.defaults().withTop(top).withCandidates(candidates)
                .withTranspose(transpose).withExhaustive(exhaustive).withTempo(tempo).withOccurrences(occurrences)
                .withNeighbours(neighbours == null ? SearchOptions.DEFAULT_NEIGHBOURS : neighbours).withTempoKnown(!Boolean.FALSE.equals(tempoKnown));
        if (threads != null) options = options.withThreads(threads);
        long t0 = System.nanoTime();
        FusedSearcher.Result result;
        List<String> features;
        List<FeatureSequence> queries;
        if (solr.given()) {
            try (SolrThemeSearcher searcher = SolrThemeSearcher.open(solr.open(spec))) {
                features = List.of(searcher.schema().featureId());
                queries = score != null ? ScoreSearch.queries(score, selection.choosesNotes(), features, model)
                        : List.of(csv);
                result = searcher.search(queries.get(0), options).fused();
            }
        } else {
            try (FusedSearcher searcher = FusedSearcher.open(indexDir)) {
                features = searcher.features();
                queries = score != null ? ScoreSearch.queries(score, selection.choosesNotes(), features, model)
                        : ScoreSearch.queries(csv, features);
                result = searcher.search(queries, options, rule);
            }
        }
        boolean fused = features.size() > 1;
        double ms = (System.nanoTime() - t0) / 1e6;
        PrintWriter out = spec.commandLine().getOut();
        List<String> warnings = new ArrayList<>();
        if (distinctFrames(queries.get(0)) < 2) {
            warnings.add("the theme has one chroma throughout (a single note or chord): any recording that holds it "
                    + "matches at a low cost; give a theme of several notes");
        }
        for (String w : warnings) spec.commandLine().getErr().println("ctcr: warning: " + w);
        if (json) {
            out.println(toJson(result, features, rule, ms, warnings, tempoKnown, options.tempoRange()));
        } else {
            if (Boolean.FALSE.equals(tempoKnown)) {
                // on stderr, so the result lines stay one per recording for scripts
                spec.commandLine().getErr().printf(Locale.ROOT, "ctcr query: %s has no tempo mark: tempo unknown, read at %s bpm;"
                        + " performances at %s of that searched%n", source.theme, fmt(TempoMap.DEFAULT_BPM), options.tempoRange());
            }
            if (result.hits().isEmpty()) out.println("no recording matches");
            boolean shifted = transpose || (neighbours == null ? SearchOptions.DEFAULT_NEIGHBOURS : neighbours);
            for (SearchHit h : result.hits()) {
                out.printf(Locale.ROOT, "%3d  %s %.4f  %s - %s  tempo %sx%s%s%s  %s%n", h.rank(), fused ? "score" : "cost", h.cost(),
                        clock(h.startSeconds()), clock(h.endSeconds()), fmt(h.tempo()),
                        Double.isNaN(h.tuningCents()) ? "" : String.format(Locale.ROOT, "  tuning %+.0f ct", h.tuningCents()),
                        shifted ? String.format(Locale.ROOT, "  %+d st", signed(h.transposition())) : "",
                        fused ? "  (" + featureCosts(features, result.featureCosts().get(h.id())) + ")" : "", h.id());
                for (SearchHit.Occurrence o : h.occurrences().subList(1, h.occurrences().size())) {
                    out.printf(Locale.ROOT, "     cost %.4f  %s - %s  tempo %sx%n", o.cost(), clock(o.startSeconds()),
                            clock(o.endSeconds()), fmt(o.tempo()));
                }
            }
        }
        out.flush();
        return 0;
    }

    /**
     * --audio / --sung: the audio is checked (and a melody transcribed) before the index is opened.
     *
     * @param tempo --tempo-range, null for the default of the query kind (see {@link AudioSearch#sungOptions})
     */
    private int audioQuery(TempoRange tempo) throws Exception {
        long t0 = System.nanoTime();
        AudioSpan span = AudioSpan.of(from, to);
        Path file = source.audio != null ? source.audio : source.sung;
        AudioSignal audio = QueryAudio.load(file, span);
        PitchTracker tracker = new PitchTracker(PitchTracker.Detector.parse(pitchDetector));
        SungMelody melody = source.sung != null ? SungMelody.transcribe(audio, tracker) : null;
        boolean shifts = melody != null ? !fixedKey : transpose;
        SearchOptions options = SearchOptions.defaults().withTop(top).withCandidates(candidates)
                .withTranspose(shifts).withNeighbours(shifts).withExhaustive(exhaustive).withTempo(tempo);
        if (threads != null) options = options.withThreads(threads);
        SearchResult result;
        String feature;
        // in a fused index an excerpt searches the first feature, a melody the one that keeps melodies best
        try (FusedSearcher searcher = FusedSearcher.open(indexDir);
                AudioSearch search = AudioSearch.over(searcher, FeatureExtractors.discover(), tracker)) {
            feature = search.searcher(melody != null ? AudioSearch.Kind.SUNG : AudioSearch.Kind.EXCERPT).index().schema().featureId();
            result = melody != null ? search.searchSung(melody, options)
                    : search.searchExcerpt(audio, includeSelf ? null : ContentHash.sha256(file), options);
        }
        printAudio(result, (System.nanoTime() - t0) / 1e6, shifts, feature);
        return 0;
    }

    /** Hits of an audio query, as text or JSON (the same fields as a score query's). */
    private void printAudio(SearchResult result, double ms, boolean shifts, String feature) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = SearchResultJson.of(result, indexDir.toString(), String.valueOf(source.audio != null ? source.audio : source.sung), ms);
            root.put("feature", feature);
            ObjectNode opts = root.putObject("options");
            opts.put("top", top);
            opts.put("candidates", candidates);
            opts.put("transpose", shifts);
            opts.put("exhaustive", exhaustive);
            if (from == null) opts.putNull("from"); else opts.put("from", from);
            if (to == null) opts.putNull("to"); else opts.put("to", to);
            root.set("warnings", mapper.createArrayNode());
            out.println(mapper.writeValueAsString(root));
        } else {
            if (result.hits().isEmpty()) out.println("no recording matches");
            for (SearchHit h : result.hits()) {
                out.printf(Locale.ROOT, "%3d  cost %.4f  %s - %s%s  %s%n", h.rank(), h.cost(), clock(h.startSeconds()),
                        clock(h.endSeconds()), shifts ? String.format(Locale.ROOT, "  %+d st", signed(h.transposition())) : "", h.id());
            }
        }
        out.flush();
    }

    /** Number of different frames of the query (rounded to 1e-3), 2 meaning "more than one". */
    private static int distinctFrames(FeatureSequence q) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int t = 0; t < q.length() && seen.size() < 2; t++) {
            StringBuilder key = new StringBuilder();
            for (float v : q.frame(t)) key.append(Math.round(v * 1000)).append(',');
            seen.add(key.toString());
        }
        return seen.size();
    }

    private static String featureCosts(List<String> features, double[] costs) {
        List<String> parts = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) parts.add(String.format(Locale.ROOT, "%s %.4f", features.get(f), costs[f]));
        return String.join(", ", parts);
    }

    private String toJson(FusedSearcher.Result r, List<String> features, FusionRule rule, double ms,
            List<String> warnings, Boolean tempoKnown, TempoRange searched) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String query = String.valueOf(source.features != null ? source.features : source.theme);
        ObjectNode root = SearchResultJson.of(r, features, rule, searched, solr.given() ? solr.describe() : indexDir.toString(), query, ms);
        if (tempoKnown != null) root.put("tempoKnown", tempoKnown);
        ObjectNode opts = root.putObject("options");
        opts.put("top", top);
        opts.put("candidates", candidates);
        opts.put("transpose", transpose);
        opts.put("exhaustive", exhaustive);
        opts.put("semitoneNeighbours", neighbours == null ? SearchOptions.DEFAULT_NEIGHBOURS : neighbours);
        opts.put("occurrences", occurrences);
        if (tempoRange == null) opts.putNull("tempoRange"); else opts.put("tempoRange", tempoRange);
        if (queryModel == null) opts.putNull("queryModel"); else opts.put("queryModel", queryModel);
        if (fusion == null) opts.putNull("fusion"); else opts.put("fusion", fusion);
        if (threads == null) opts.putNull("threads"); else opts.put("threads", threads);
        if (source.features != null) {
            opts.put("queryRate", queryRate);
            opts.put("queryFeatureId", queryFeatureId);
        } else {
            if (selection.part == null) opts.putNull("part"); else opts.put("part", selection.part);
            if (selection.staff == null) opts.putNull("staff"); else opts.put("staff", selection.staff);
            if (selection.measures == null) opts.putNull("measures"); else opts.put("measures", selection.measures);
            if (selection.bpm == null) opts.putNull("bpm"); else opts.put("bpm", selection.bpm);
            opts.put("fermata", selection.fermata);
        }
        root.set("warnings", mapper.valueToTree(warnings));
        return mapper.writeValueAsString(root);
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) o.putNull(key); else o.put(key, v);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Transposition as the smallest signed shift: 9 semitones up = 3 down. */
    static int signed(int shift) {
        return SearchResultJson.signedTransposition(shift);
    }

    private static String clock(double seconds) {
        int m = (int) (seconds / 60);
        return String.format(Locale.ROOT, "%d:%04.1f", m, seconds - 60 * m);
    }
}
