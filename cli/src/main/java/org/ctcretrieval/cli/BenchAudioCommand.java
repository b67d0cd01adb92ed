package org.ctcretrieval.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.NoteSegmenter;
import org.ctcretrieval.query.audio.PitchTracker;
import org.ctcretrieval.query.audio.QueryAudio;
import org.ctcretrieval.query.audio.SungMelody;
import org.ctcretrieval.query.eval.Percentiles;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.ThemeSearcher;
import org.ctcretrieval.testdata.VoiceSynth;
import org.ctcretrieval.bench.AudioQueryBenchmark;
import org.ctcretrieval.bench.AudioQueryBenchmark.Condition;
import org.ctcretrieval.query.eval.EvaluationReport;
import org.ctcretrieval.query.eval.EvaluationSummary;
import org.ctcretrieval.query.eval.Evaluator;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RelativeIdSystem;
import org.ctcretrieval.query.eval.RetrievalSystem;
import org.ctcretrieval.query.eval.SearchSettings;
import org.ctcretrieval.query.eval.SearchSystem;
import org.ctcretrieval.query.eval.TruthSpans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ctcr bench-audio}: retrieval figures of queries by audio (cross-version and sung) on a bench-build collection. */
@Command(name = "bench-audio", header = "Benchmark queries by audio: performance excerpts and synthetic sung melodies.",
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "On a collection made by 'ctcr bench-build' and its index, builds and evaluates two query sets:",
            "  cross-version: the snippet of each whole-texture query, cut from each performance at its true span,"
                    + " queries the other performances of the piece (the performance itself is left out by the search);",
            "  sung: the top voice of each snippet (first 10 s) sung by a formant synthesiser under each condition"
                    + " (random key, pitch drift, tempo, timing jitter, breath noise, whistle), searched in every key.",
            "Prints markdown tables (mAP, MRR, P@1, P@10, latency) and, with several --detectors, compares TarsosDSP's"
                    + " pitch detectors against the pitch that was sung. Query files and audio go to --out (reused when run again)."
        })
public final class BenchAudioCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-c", "--collection"}, required = true, paramLabel = "DIR", description = "Output folder of 'ctcr bench-build'.")
    Path collection;

    @Option(names = {"-x", "--index"}, required = true, paramLabel = "INDEX_DIR", description = "Index of the collection's audio/ folder.")
    Path index;

    @Option(names = "--out", paramLabel = "DIR", description = "Where query files and sung audio go (default: COLLECTION/audio-queries).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of keys, drift, tempo, timbre (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--conditions", split = ",", paramLabel = "NAME",
            description = "Sung conditions to run (default: all: plain, key, key-drift, whistle, all).")
    List<String> conditions;

    @Option(names = "--detectors", split = ",", paramLabel = "NAME", defaultValue = "fft-yin",
            description = "Pitch detectors; the first serves the per-condition table; with several, they are compared on the"
                    + " 'all' condition (default: ${DEFAULT-VALUE}; e.g. yin,fft-yin,mpm,dynamic-wavelet,amdf).")
    List<String> detectors;

    @Option(names = "--detector-retrieval",
            description = "With several --detectors: also evaluate retrieval with each on the key-drift and all conditions (slow).")
    boolean detectorRetrieval;

    @Option(names = "--detector-queries", paramLabel = "N", defaultValue = "25",
            description = "With several --detectors: compare them on the first N queries of the 'all' condition (default: ${DEFAULT-VALUE};"
                    + " the time-domain detectors are slow).")
    int detectorQueries;

    @Option(names = "--no-versions", description = "Skip the cross-version queries.")
    boolean noVersions;

    @Option(names = "--no-sung", description = "Skip the sung queries.")
    boolean noSung;

    @Option(names = "--top", paramLabel = "K", defaultValue = "100", description = "Ranking length (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--latency-index", paramLabel = "DIR",
            description = "Also time the 'all' sung queries against this (large) index after --warmup rounds, e.g. the"
                    + " 1,000-hour index kept by 'ctcr bench-search --index DIR'.")
    Path latencyIndex;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
            description = "With --latency-index: rounds over the queries before timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.md", description = "Also write the markdown to this file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path work = out != null ? out : collection.resolve("audio-queries");
        AudioQueryBenchmark bench = new AudioQueryBenchmark(collection, work, seed);
        List<PitchTracker.Detector> trackers = detectors.stream().map(PitchTracker.Detector::parse).toList();
        List<Condition> selected = selectedConditions();
        String loadBefore = loadAverage();
        Report md = new Report(spec.commandLine().getOut());
        md.append("## Queries by audio\n\n");
        md.append("Generated by `ctcr bench-audio -c ").append(collection).append(" -x ").append(index);
        if (detectors.size() > 1) md.append(" --detectors ").append(String.join(",", detectors));
        md.append("` on ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)))
                .append(" UTC. Load average (1, 5, 15 min) before the run ").append(loadBefore).append(" (the machine is shared).\n\n");
        if (!noVersions) {
            Path file = bench.buildVersions();
            EvaluationReport r = evaluate(file, trackers.get(0), Optional.of(TruthSpans.readManifest(work.resolve("versions-spans.json"))));
            EvaluationSummary s = r.summary();
            md.append("### Cross-version: an excerpt of one performance finds the others\n\n");
            md.append("Each whole-texture snippet is cut from every performance at its true span and queries the other performances of the piece; the excerpt's own recording is in the index and left out of the ranking (same content hash). Index features: ")
                    .append(r.index().map(i -> i.featureId()).orElse("?")).append(".\n\n");
            md.append("| queries | mAP | MRR | P@1 | P@10 | candidate recall | top span IoU | latency p50 | latency p95 |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f s | %.3f s |%n%n", s.queries(),
                    s.meanAveragePrecision(), s.meanReciprocalRank(), s.precisionAt1(), s.precisionAt10(), s.candidateRecall(),
                    s.topSpanIou(), s.latencyP50Seconds(), s.latencyP95Seconds()));
            progress("cross-version: " + s.queries() + " queries, mAP " + fmt(s.meanAveragePrecision()));
        }
        Map<String, Map<PitchTracker.Detector, EvaluationSummary>> sung = new LinkedHashMap<>();
        if (!noSung) {
            md.append("### Sung queries\n\n");
            md.append("The top voice of each snippet (its first ").append((int) AudioQueryBenchmark.SUNG_SECONDS)
                    .append(" s at the score's tempo) sung by a formant synthesiser (vowels /a/, /u/; whistle = near-pure tone), vibrato 5.5 Hz, a scoop into every note, random intonation of ±8 cents per note; searched in all 12 keys with pitch detector ")
                    .append(trackers.get(0).label()).append(". Every performance of the piece is relevant. Latency includes decoding and pitch tracking.\n\n");
            md.append("| condition | what | queries | MRR | P@1 | P@10 | mAP | candidate recall | latency p50 | latency p95 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Condition c : selected) {
                Path file = bench.buildSung(c);
                for (PitchTracker.Detector d : trackers) {
                    if (d != trackers.get(0) && !(detectorRetrieval && (c.name().equals("key-drift") || c.name().equals("all")))) continue;
                    EvaluationSummary s = evaluate(file, d, Optional.empty()).summary();
                    sung.computeIfAbsent(c.name(), k -> new LinkedHashMap<>()).put(d, s);
                    progress("sung " + c.name() + " " + d.label() + ": MRR " + fmt(s.meanReciprocalRank()));
                }
                EvaluationSummary s = sung.get(c.name()).get(trackers.get(0));
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f s | %.3f s |%n", c.name(),
                        c.describe(), s.queries(), s.meanReciprocalRank(), s.precisionAt1(), s.precisionAt10(),
                        s.meanAveragePrecision(), s.candidateRecall(), s.latencyP50Seconds(), s.latencyP95Seconds()));
            }
            md.append('\n');
        }
        if (latencyIndex != null) md.append(latencyTable(bench, trackers.get(0)));
        if (trackers.size() > 1) md.append(detectorTable(bench, trackers, sung));
        md.append("Load average after the run: ").append(loadAverage()).append(".\n");
        if (output != null) Files.writeString(output, md.text, StandardCharsets.UTF_8);
        return 0;
    }

    /** Markdown printed as it is written, so a long run that fails late keeps what it measured. */
    private static final class Report {
        final StringBuilder text = new StringBuilder();
        private final PrintWriter out;

        Report(PrintWriter out) {
            this.out = out;
        }

        Report append(Object o) {
            String s = String.valueOf(o);
            text.append(s);
            out.print(s);
            out.flush();
            return this;
        }
    }

    private List<Condition> selectedConditions() {
        if (conditions == null || conditions.isEmpty()) return AudioQueryBenchmark.CONDITIONS;
        List<Condition> list = new ArrayList<>();
        for (String name : conditions) {
            list.add(AudioQueryBenchmark.CONDITIONS.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown condition '" + name + "' (plain, key, key-drift, whistle, all)")));
        }
        return list;
    }

    /**
     * Detector comparison on the 'all' condition against the pitch the synthesiser sang (frame centres every 10 ms):
     * voicing recall and false alarms, raw pitch accuracy (within 50 cents) and raw chroma accuracy (octave errors
     * forgiven) over the sung frames, notes transcribed, tracking speed; retrieval figures where they were run.
     */
    private String detectorTable(AudioQueryBenchmark bench, List<PitchTracker.Detector> trackers,
            Map<String, Map<PitchTracker.Detector, EvaluationSummary>> sung) throws Exception {
        Condition all = AudioQueryBenchmark.CONDITIONS.stream().filter(c -> c.name().equals("all")).findFirst().orElseThrow();
        List<VoiceSynth.Sung> audio = bench.sungWithPitch(all, detectorQueries);
        StringBuilder md = new StringBuilder("### Pitch detectors (TarsosDSP)\n\n");
        md.append("The ").append(audio.size()).append(" queries of the 'all' condition, tracked with each detector and compared with the pitch the synthesiser sang, frame by frame (10 ms):"
                + " voicing recall and false alarms, raw pitch accuracy (within 50 cents, over sung frames) and raw chroma accuracy (octave errors forgiven);"
                + " notes transcribed per query; tracking speed as multiples of real time (one thread; the machine is shared). MRR where retrieval was run with the detector.\n\n");
        md.append("| detector | voicing recall | voicing false alarm | raw pitch accuracy | raw chroma accuracy | notes per query | tracking speed | MRR key-drift | MRR all |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PitchTracker.Detector d : trackers) {
            PitchTracker tracker = new PitchTracker(d);
            long nanos = 0, notes = 0, sungFrames = 0, silentFrames = 0, voicedHits = 0, falseAlarms = 0, pitchHits = 0, chromaHits = 0;
            double seconds = 0;
            for (VoiceSynth.Sung a : audio) {
                long t0 = System.nanoTime();
                PitchTracker.PitchContour c = tracker.track(a.samples(), AudioLoader.PRODUCT_RATE);
                nanos += System.nanoTime() - t0;
                notes += NoteSegmenter.segment(c).size();
                seconds += a.samples().length / (double) AudioLoader.PRODUCT_RATE;
                for (int i = 0; i < c.midi().length; i++) {
                    float truth = a.midi()[(int) Math.round(c.timeOf(i) * AudioLoader.PRODUCT_RATE)];
                    float found = c.midi()[i];
                    if (Float.isNaN(truth)) {
                        silentFrames++;
                        if (!Float.isNaN(found)) falseAlarms++;
                        continue;
                    }
                    sungFrames++;
                    if (Float.isNaN(found)) continue;
                    voicedHits++;
                    double error = found - truth;
                    if (Math.abs(error) <= 0.5) pitchHits++;
                    if (Math.abs(error - 12 * Math.rint(error / 12)) <= 0.5) chromaHits++;
                }
            }
            EvaluationSummary kd = sung.getOrDefault("key-drift", Map.of()).get(d);
            EvaluationSummary al = sung.getOrDefault("all", Map.of()).get(d);
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.1f | %.0fx | %s | %s |%n", d.label(),
                    voicedHits / (double) sungFrames, falseAlarms / (double) Math.max(1, silentFrames), pitchHits / (double) sungFrames,
                    chromaHits / (double) sungFrames, notes / (double) audio.size(), seconds / (nanos / 1e9),
                    kd == null ? "–" : fmt(kd.meanReciprocalRank()), al == null ? "–" : fmt(al.meanReciprocalRank())));
        }
        return md.append('\n').toString();
    }

    /** Sung queries ('all' condition) against a large index: tracking, search and whole-query times after warm-up. */
    private String latencyTable(AudioQueryBenchmark bench, PitchTracker.Detector detector) throws Exception {
        Condition all = AudioQueryBenchmark.CONDITIONS.stream().filter(c -> c.name().equals("all")).findFirst().orElseThrow();
        List<QuerySpec> queries = QueryFile.read(bench.buildSung(all));
        PitchTracker tracker = new PitchTracker(detector);
        SearchOptions options = SearchOptions.defaults().withTranspose(true);
        List<Double> track = new ArrayList<>(), search = new ArrayList<>(), total = new ArrayList<>(), cpu = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double audioSeconds = 0;
        int recordings;
        int refused = 0;
        String load;
        try (ThemeSearcher searcher = ThemeSearcher.open(latencyIndex);
                AudioSearch audioSearch = new AudioSearch(searcher, FeatureExtractors.discover(), tracker)) {
            recordings = searcher.index().recordings();
            for (int round = 0; round <= warmup; round++) {
                boolean timed = round == warmup;
                for (QuerySpec q : queries) {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    AudioSignal audio = QueryAudio.load(q.audio().orElseThrow().file(), QueryAudio.AudioSpan.WHOLE);
                    SungMelody melody;
                    try {
                        melody = SungMelody.transcribe(audio, tracker);
                    } catch (org.ctcretrieval.common.InputException e) {
                        if (timed) refused++; // too few notes: answered without a search, not timed
                        continue;
                    }
                    long t1 = System.nanoTime();
                    audioSearch.searchSung(melody, options);
                    long t2 = System.nanoTime();
                    long c2 = os.getProcessCpuTime();
                    if (!timed) continue;
                    cpu.add((c2 - c0) / 1e6);
                    audioSeconds += audio.durationSeconds();
                    track.add((t1 - t0) / 1e6);
                    search.add((t2 - t1) / 1e6);
                    total.add((t2 - t0) / 1e6);
                }
                if (!timed) progress("latency warm-up round " + (round + 1) + " of " + warmup);
            }
            load = loadAverage();
        }
        StringBuilder md = new StringBuilder("### Latency of a hummed query on a large index\n\n");
        md.append(String.format(Locale.ROOT, "%d sung queries of the 'all' condition (mean %.1f s of audio; %d more refused for too few notes) against %s (%d recordings), all 12 keys,"
                + " pitch detector %s, default candidates, %d threads, after %d warm-up rounds over the same queries; load average at the end %s."
                + " Tracking = decoding + pitch tracking + notes + melody chroma. CPU time = all threads of the process during"
                + " the whole query: on a loaded shared machine the wall times mostly measure waiting for a core.%n%n", track.size(), audioSeconds / track.size(), refused,
                latencyIndex, recordings, detector.label(), options.threads(), warmup, load));
        md.append("| stage | p50 | p95 | mean |\n|---|---:|---:|---:|\n");
        md.append(latencyRow("tracking", track)).append(latencyRow("search", search)).append(latencyRow("whole query", total))
                .append(latencyRow("whole query, CPU time", cpu));
        return md.append('\n').toString();
    }

    private static String latencyRow(String stage, List<Double> ms) {
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms |%n", stage, Percentiles.nearestRank(50, v),
                Percentiles.nearestRank(95, v), mean);
    }

    private EvaluationReport evaluate(Path queryFile, PitchTracker.Detector detector, Optional<TruthSpans> truth) throws Exception {
        List<QuerySpec> queries = QueryFile.read(queryFile);
        try (RetrievalSystem opened = SearchSystem.open(index, detector);
                RetrievalSystem system = new RelativeIdSystem(opened, collection.resolve("audio"))) {
            return new Evaluator(system, new SearchSettings(top, 0, false), truth).evaluate(queries);
        }
    }

    private void progress(String line) {
        spec.commandLine().getErr().println("bench-audio: " + line);
        spec.commandLine().getErr().flush();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
