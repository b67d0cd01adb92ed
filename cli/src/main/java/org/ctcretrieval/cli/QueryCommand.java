package org.ctcretrieval.cli;

import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.indexer.ContentHash;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.PitchTracker;
import org.ctcretrieval.query.audio.QueryAudio;
import org.ctcretrieval.query.audio.QueryAudio.AudioSpan;
import org.ctcretrieval.query.audio.SungMelody;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ctcretrieval.common.OptionBounds;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.query.score.MeasureRange;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreSelection;
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

    @Option(names = {"-x", "--index"}, required = true, paramLabel = "INDEX_DIR", description = "Index folder.")
    Path indexDir;

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
                        + " melody chroma, searched in every key (see --fixed-key); each hit shows the key shift found.")
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

    @Option(names = "--part", paramLabel = "P", description = "Search only this part of THEME (id, name or 1-based index).")
    String part;

    @Option(names = "--staff", paramLabel = "S", description = "Search only this staff of THEME (1 = upper, e.g. right hand).")
    Integer staff;

    @Option(names = "--measures", paramLabel = "A-B", description = "Search only these measures of THEME (numbers as printed).")
    String measures;

    @Option(names = "--bpm", paramLabel = "N", description = "Tempo of THEME in quarter notes per minute (default: from the score, else 120).")
    Double bpm;

    @Option(names = "--fermata", paramLabel = "FACTOR", defaultValue = "2",
            description = "Hold notes and rests under a fermata in THEME FACTOR times their written length "
                    + "(default: ${DEFAULT-VALUE}, a common performance convention; 1 ignores fermatas).")
    double fermata;

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

    @Option(names = "--json", description = "Print a JSON object with a 'results' array, best first.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        OptionBounds.require("--top", top, 1, 100_000);
        OptionBounds.require("--candidates", candidates, 1, 10_000_000);
        OptionBounds.require("--query-rate", queryRate, 0.5, 200);
        if (threads != null) OptionBounds.require("--threads", threads, 1, 1024);
        if (source.audio != null || source.sung != null) return audioQuery();
        if (from != null || to != null) throw new UsageException("--from/--to need --audio or --sung");
        FeatureSequence query = source.features != null
                ? ChromaCsv.read(source.features, 12, queryRate, queryFeatureId)
                : ScoreChroma.query(source.theme, new ScoreSelection(part, staff,
                        measures == null ? null : MeasureRange.parse(measures), bpm, fermata));
        SearchOptions options = SearchOptions.defaults().withTop(top).withCandidates(candidates)
                .withTranspose(transpose).withExhaustive(exhaustive);
        if (threads != null) options = options.withThreads(threads);
        long t0 = System.nanoTime();
        SearchResult result;
        try (ThemeSearcher searcher = ThemeSearcher.open(indexDir)) {
            result = searcher.search(query, options);
        }
        List<String> warnings = new ArrayList<>();
        if (distinctFrames(query) < 2) {
            warnings.add("the theme has one chroma throughout (a single note or chord): any recording that holds it "
                    + "matches at a low cost; give a theme of several notes");
        }
        print(result, (System.nanoTime() - t0) / 1e6, transpose, warnings);
        return 0;
    }
    /** --audio / --sung: the audio is checked (and a melody transcribed) before the index is opened. */
    private int audioQuery() throws Exception {
        long t0 = System.nanoTime();
        AudioSpan span = AudioSpan.of(from, to);
        Path file = source.audio != null ? source.audio : source.sung;
        AudioSignal audio = QueryAudio.load(file, span);
        PitchTracker tracker = new PitchTracker(PitchTracker.Detector.parse(pitchDetector));
        SungMelody melody = source.sung != null ? SungMelody.transcribe(audio, tracker) : null;
        boolean shifts = melody != null ? !fixedKey : transpose;
        SearchOptions options = SearchOptions.defaults().withTop(top).withCandidates(candidates)
                .withTranspose(shifts).withExhaustive(exhaustive);
        if (threads != null) options = options.withThreads(threads);
        SearchResult result;
        try (ThemeSearcher searcher = ThemeSearcher.open(indexDir);
                AudioSearch search = new AudioSearch(searcher, FeatureExtractors.discover(), tracker)) {
            result = melody != null ? search.searchSung(melody, options)
                    : search.searchExcerpt(audio, includeSelf ? null : ContentHash.sha256(file), options);
        }
        print(result, (System.nanoTime() - t0) / 1e6, shifts, List.of());
        return 0;
    }

    private void print(SearchResult result, double ms, boolean shifts, List<String> warnings) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (String w : warnings) spec.commandLine().getErr().println("ctcr: warning: " + w);
        if (json) {
            out.println(toJson(result, ms, warnings));
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

    private String toJson(SearchResult r, double ms, List<String> warnings) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String query = String.valueOf(source.features != null ? source.features : source.audio != null ? source.audio
                : source.sung != null ? source.sung : source.theme);
        ObjectNode root = SearchResultJson.of(r, indexDir.toString(), query, ms);
        ObjectNode opts = root.putObject("options");
        opts.put("top", top);
        opts.put("candidates", candidates);
        opts.put("transpose", transpose);
        opts.put("exhaustive", exhaustive);
        if (threads == null) opts.putNull("threads"); else opts.put("threads", threads);
        if (source.features != null) {
            opts.put("queryRate", queryRate);
            opts.put("queryFeatureId", queryFeatureId);
        } else {
            if (part == null) opts.putNull("part"); else opts.put("part", part);
            if (staff == null) opts.putNull("staff"); else opts.put("staff", staff);
            if (measures == null) opts.putNull("measures"); else opts.put("measures", measures);
            if (bpm == null) opts.putNull("bpm"); else opts.put("bpm", bpm);
            opts.put("fermata", fermata);
        }
        root.set("warnings", mapper.valueToTree(warnings));
        return mapper.writeValueAsString(root);
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
