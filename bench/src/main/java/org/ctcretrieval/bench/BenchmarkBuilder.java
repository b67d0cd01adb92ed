package org.ctcretrieval.bench;

import java.util.Locale;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.progress.ItemProgress;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.score.TempoMap;

/**
 * Builds a retrieval benchmark from a dataset in the ASAP layout: renders performance MIDIs to audio and cuts
 * score snippets as queries, every performance of a piece being relevant to the piece's queries.
 *
 * <p>Output:
 * <ul>
 *   <li>{@code OUT/audio/<piece>/<performer>.wav}: 16-bit mono WAV, rendered with FluidSynth, downmixed, cut to
 *       {@code maxSeconds} if set (only that much of the MIDI is rendered), peak-normalised to -1 dBFS,
 *       optionally with white noise; recording ID {@code <piece>/<performer>}
 *       (see {@link org.ctcretrieval.query.eval.RecordingIds} with {@code OUT/audio} as the indexed folder);</li>
 *   <li>{@code OUT/scores/<piece>.mxl}: a copy of the piece's score;</li>
 *   <li>{@code OUT/queries.tsv}: the queries (format in {@link QueryFile});</li>
 *   <li>{@code OUT/manifest.json}: settings, pieces, recordings with soundfont and duration, and for every query
 *       the time span of the snippet in each relevant recording.</li>
 * </ul>
 *
 * <p>Selection (all random choices seeded, so the same settings give the same benchmark):
 * <ol>
 *   <li>pieces are taken in a seeded random order until {@code pieces} are selected; a piece qualifies when at
 *       least 2 of its performances have beat annotations aligned with the score's (same number of lines) and
 *       at least one snippet fits;</li>
 *   <li>if {@code performances} is set, that many aligned performances are drawn per piece;</li>
 *   <li>snippets are spans of {@code minMeasures..maxMeasures} whole measures cut at downbeats (see
 *       {@link AlignedScore#windows}); with {@code maxSeconds} set, a snippet must end (the performed time of the
 *       next downbeat) within the first {@code maxSeconds} of every selected performance; up to
 *       {@code snippetsPerPiece} non-overlapping snippets are drawn (first a length, then a start);</li>
 *   <li>each snippet gives a whole-texture query (all staves) and, for scores with two or more staves, a
 *       right-hand query (staff 1) if staff 1 sounds at least {@code minNotes} notes;</li>
 *   <li>soundfonts alternate over a piece's performances (sorted by performer) from a seeded starting one.</li>
 * </ol>
 *
 * <p>Rendering resumes: recordings whose WAV already exists complete are not rendered again (WAVs are written
 * under a temporary name and renamed when complete). A folder built with other settings is refused.
 */
public final class BenchmarkBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Labels of {@link BenchmarkPlan.Piece#scoreTempo()}. */
    static final String TEMPO_MARKED = "marked";
    static final String TEMPO_REMOVED = "removed";
    static final String TEMPO_UNMARKED = "unmarked";
    /** Share of the scores with tempo marks that the realistic preset copies without them. */
    static final double TEMPO_REMOVED_SHARE = 0.4;
    /** Seconds rendered beyond {@code maxSeconds} before the audio is cut. */
    static final double EXCERPT_MARGIN_SECONDS = 1.0;
    /** Peak level of the rendered audio before noise, -1 dBFS (FluidSynth's default gain renders very quietly). */
    static final double PEAK = Math.pow(10, -1 / 20.0);

    private final BenchmarkOptions options;
    private final PrintStream log;
    private final AudioEffects effects = new AudioEffects("sox", "ffmpeg");

    /**
     * @param options build settings
     * @param log     where progress and notes go (standard error for the command line)
     */
    public BenchmarkBuilder(BenchmarkOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /**
     * Outcome of a build.
     *
     * @param plan     what was selected
     * @param rendered recordings rendered by this run
     * @param reused   recordings already complete in the output folder
     */
    public record Result(BenchmarkPlan plan, int rendered, int reused) {}

    /** Selects, renders and writes the whole benchmark. */
    public Result build() throws IOException {
        FluidSynth synth = new FluidSynth(options.fluidsynth());
        String synthVersion = synth.version();
        for (Path sf : options.soundfonts()) {
            if (!Files.isRegularFile(sf)) {
                throw new InputException(sf, "soundfont not found (Debian: apt-get install fluid-soundfont-gm"
                        + " timgm6mb-soundfont" + (options.realistic() ? " musescore-general-soundfont" : "")
                        + ", or scripts/setup.sh; or pass --soundfont FILE)");
            }
        }
        Path out = options.out();
        checkSettingsOfExistingBuild(out.resolve("manifest.json"));
        BenchmarkPlan plan = plan();
        checkNoForeignRecordings(plan);
        Files.createDirectories(out);
        for (BenchmarkPlan.Piece p : plan.pieces()) {
            Files.createDirectories(p.score().getParent());
            if (p.scoreTempo().equals(TEMPO_REMOVED)) ScoreTempo.writeWithoutTempo(p.piece().score(), p.score());
            else Files.copy(p.piece().score(), p.score(), StandardCopyOption.REPLACE_EXISTING);
        }
        int[] counts = render(synth, plan.recordings());
        QueryFile.write(out.resolve("queries.tsv"), plan.queries().stream().map(BenchmarkPlan.Query::spec).toList());
        Files.writeString(out.resolve("manifest.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest(plan, synthVersion)) + "\n");
        return new Result(plan, counts[0], counts[1]);
    }

    /** Selects pieces, performances, soundfonts and snippets without rendering anything. */
    public BenchmarkPlan plan() throws IOException {
        List<DatasetPieces.Piece> all = new ArrayList<>(DatasetPieces.scan(options.dataset()));
        Collections.shuffle(all, new Random(options.seed()));
        List<BenchmarkPlan.Piece> selected = new ArrayList<>();
        List<BenchmarkPlan.Skipped> skipped = new ArrayList<>();
        for (DatasetPieces.Piece piece : all) {
            if (options.pieces() > 0 && selected.size() >= options.pieces()) break;
            Optional<BenchmarkPlan.Piece> p = planPiece(piece, skipped);
            p.ifPresent(selected::add);
        }
        if (selected.isEmpty()) {
            throw new InputException(options.dataset(), "no piece qualifies (needs 2 aligned performances and a "
                    + options.minMeasures() + "-" + options.maxMeasures() + " measure snippet"
                    + (options.maxSeconds() > 0 ? " within the first " + options.maxSeconds() + " s" : "") + ")");
        }
        if (options.pieces() > 0 && selected.size() < options.pieces()) {
            log.printf(Locale.ROOT, "note: only %d of the %d requested pieces qualify%n", selected.size(), options.pieces());
        }
        selected.sort((a, b) -> a.piece().name().compareTo(b.piece().name()));
        List<BenchmarkPlan.Query> queries = new ArrayList<>();
        for (BenchmarkPlan.Piece p : selected) queries.addAll(queriesOf(p));
        skipped.sort((a, b) -> a.piece().compareTo(b.piece()));
        return new BenchmarkPlan(List.copyOf(selected), List.copyOf(queries), List.copyOf(skipped));
    }

    private Optional<BenchmarkPlan.Piece> planPiece(DatasetPieces.Piece piece, List<BenchmarkPlan.Skipped> skipped)
            throws IOException {
        AlignedScore score;
        try {
            score = AlignedScore.read(piece.score(), piece.scoreMidi(), piece.scoreAnnotations());
        } catch (InputException e) {
            skipped.add(new BenchmarkPlan.Skipped(piece.name(), "unreadable score: " + e.getMessage()));
            return Optional.empty();
        }
        Map<DatasetPieces.Performance, BeatAnnotations> aligned = new LinkedHashMap<>();
        for (DatasetPieces.Performance perf : piece.performances()) {
            BeatAnnotations beats = BeatAnnotations.read(perf.annotations());
            if (beats.size() == score.beats().size()) aligned.put(perf, beats);
        }
        Random random = new Random(pieceSeed(piece.name()));
        // A separate stream, so that the realistic conditions leave the plain selection unchanged.
        Random conditionsRandom = new Random(pieceSeed(piece.name()) ^ 0x2545F4914F6CDD1DL);
        String scoreTempo = ScoreTempo.isMarked(ScoreTempo.read(piece.score())) ? TEMPO_MARKED : TEMPO_UNMARKED;
        if (options.realistic() && scoreTempo.equals(TEMPO_MARKED) && conditionsRandom.nextDouble() < TEMPO_REMOVED_SHARE) {
            scoreTempo = TEMPO_REMOVED;
        }
        List<DatasetPieces.Performance> perfs = new ArrayList<>(aligned.keySet());
        if (options.performances() > 0 && perfs.size() > options.performances()) {
            Collections.shuffle(perfs, random);
            perfs = new ArrayList<>(perfs.subList(0, options.performances()));
            perfs.sort((a, b) -> a.performer().compareTo(b.performer()));
        }
        if (perfs.size() < 2) {
            skipped.add(new BenchmarkPlan.Skipped(piece.name(), aligned.size() + " performance(s) aligned with the score"));
            return Optional.empty();
        }
        Map<DatasetPieces.Performance, RenderConditions> conditions = new LinkedHashMap<>();
        if (options.realistic()) {
            String composer = piece.relativePath().split("/")[0];
            for (DatasetPieces.Performance perf : perfs) {
                BeatAnnotations natural = aligned.get(perf);
                RenderConditions c = RenderConditions.draw(conditionsRandom, composer,
                        naturalTempoRatio(score.beats(), natural));
                if (options.tuningHz().isPresent()) c = c.withTuning(options.tuningHz().getAsDouble());
                conditions.put(perf, c);
                aligned.put(perf, natural.scaled(c.tempoStretch()));
            }
        }
        List<AlignedScore.Window> pool = new ArrayList<>();
        for (AlignedScore.Window w : score.windows(options.minMeasures(), options.maxMeasures(), options.minNotes())) {
            boolean fits = true;
            for (DatasetPieces.Performance perf : perfs) {
                BeatAnnotations b = aligned.get(perf);
                fits &= b.time(w.endLine()) > b.time(w.startLine())
                        && (options.maxSeconds() <= 0 || b.time(w.endLine()) <= options.maxSeconds());
            }
            if (fits) pool.add(w);
        }
        if (pool.isEmpty()) {
            skipped.add(new BenchmarkPlan.Skipped(piece.name(), "no " + options.minMeasures() + "-"
                    + options.maxMeasures() + " measure snippet cut at downbeats"
                    + (options.maxSeconds() > 0 ? " within the first " + options.maxSeconds() + " s" : "")
                    + " (measures before the first repeat: " + score.linearMeasures() + ")"));
            return Optional.empty();
        }
        int firstSoundfont = random.nextInt(options.soundfonts().size());
        List<AlignedScore.Window> snippets = drawSnippets(pool, random);
        List<BenchmarkPlan.Recording> recs = new ArrayList<>();
        for (int i = 0; i < perfs.size(); i++) {
            DatasetPieces.Performance perf = perfs.get(i);
            Path sf = options.soundfonts().get((firstSoundfont + i) % options.soundfonts().size());
            recs.add(new BenchmarkPlan.Recording(piece.name() + "/" + perf.performer(), perf, aligned.get(perf), sf,
                    options.out().resolve("audio").resolve(piece.name()).resolve(perf.performer() + ".wav"),
                    Optional.ofNullable(conditions.get(perf))));
        }
        String scoreFile = piece.name() + (scoreTempo.equals(TEMPO_REMOVED) ? ".musicxml" : ".mxl");
        return Optional.of(new BenchmarkPlan.Piece(piece, options.out().resolve("scores").resolve(scoreFile),
                score.measures().measures().size(), score.linearMeasures(), score.measures().staves(),
                List.copyOf(recs), snippets, scoreTempo));
    }

    /**
     * The performance's tempo over the score's marked tempo: score MIDI time over performed time of the
     * annotated beats (within the rendered part when {@code maxSeconds} is set).
     */
    private double naturalTempoRatio(BeatAnnotations scoreBeats, BeatAnnotations performed) {
        int last = performed.size() - 1;
        if (options.maxSeconds() > 0) {
            while (last > 1 && performed.time(last) > options.maxSeconds()) last--;
        }
        double played = performed.time(last) - performed.time(0);
        double marked = scoreBeats.time(last) - scoreBeats.time(0);
        return played > 0 && marked > 0 ? marked / played : 1;
    }

    private List<AlignedScore.Window> drawSnippets(List<AlignedScore.Window> pool, Random random) {
        List<AlignedScore.Window> left = new ArrayList<>(pool);
        List<AlignedScore.Window> chosen = new ArrayList<>();
        while (chosen.size() < options.snippetsPerPiece() && !left.isEmpty()) {
            List<Integer> lengths = left.stream().map(w -> w.lastOrdinal() - w.firstOrdinal() + 1).distinct().sorted().toList();
            int length = lengths.get(random.nextInt(lengths.size()));
            List<AlignedScore.Window> ofLength = left.stream()
                    .filter(w -> w.lastOrdinal() - w.firstOrdinal() + 1 == length).toList();
            AlignedScore.Window w = ofLength.get(random.nextInt(ofLength.size()));
            chosen.add(w);
            left.removeIf(o -> o.firstOrdinal() <= w.lastOrdinal() && w.firstOrdinal() <= o.lastOrdinal());
        }
        chosen.sort((a, b) -> Integer.compare(a.firstOrdinal(), b.firstOrdinal()));
        return chosen;
    }

    private List<BenchmarkPlan.Query> queriesOf(BenchmarkPlan.Piece p) {
        List<String> relevant = p.recordings().stream().map(BenchmarkPlan.Recording::recordingId).toList();
        List<BenchmarkPlan.Query> out = new ArrayList<>();
        for (AlignedScore.Window w : p.snippets()) {
            Map<String, double[]> spans = new LinkedHashMap<>();
            Map<String, Double> ratios = new LinkedHashMap<>();
            // What a reader of the query's score assumes: its marked tempo, or the default without marks.
            double scoreSeconds = p.scoreTempo().equals(TEMPO_MARKED) ? w.scoreSeconds()
                    : w.quarters() * 60 / TempoMap.DEFAULT_BPM;
            for (BenchmarkPlan.Recording r : p.recordings()) {
                double start = r.beats().time(w.startLine());
                double end = r.beats().time(w.endLine());
                spans.put(r.recordingId(), new double[] {start, end});
                ratios.put(r.recordingId(), scoreSeconds / (end - start));
            }
            String base = p.piece().name() + "_m" + w.numbers();
            out.add(new BenchmarkPlan.Query(QuerySpec.of(base + "_all", p.score(), Optional.empty(), OptionalInt.empty(),
                    Optional.of(w.numbers()), relevant), p.piece().name(), spans, ratios));
            if (p.staves() >= 2 && w.notesStaff1() >= options.minNotes()) {
                out.add(new BenchmarkPlan.Query(QuerySpec.of(base + "_rh", p.score(), Optional.empty(), OptionalInt.of(1),
                        Optional.of(w.numbers()), relevant), p.piece().name(), spans, ratios));
            }
        }
        return out;
    }

    private long pieceSeed(String pieceName) {
        return options.seed() * 0x9E3779B97F4A7C15L + pieceName.hashCode();
    }

    private int[] render(FluidSynth synth, List<BenchmarkPlan.Recording> recordings) throws IOException {
        List<BenchmarkPlan.Recording> missing = new ArrayList<>();
        for (BenchmarkPlan.Recording r : recordings) {
            if (!isComplete(r.wav())) missing.add(r);
        }
        int reused = recordings.size() - missing.size();
        if (reused > 0) log.printf(Locale.ROOT, "%d of %d recordings already rendered, kept%n", reused, recordings.size());
        if (missing.isEmpty()) return new int[] {0, reused};
        Path work = options.out().resolve(".render");
        Files.createDirectories(work);
        try (ItemProgress bar = ItemProgress.on(log, "render", missing.size(), " recordings")) {
            ExecutorService pool = Executors.newFixedThreadPool(options.threads());
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (BenchmarkPlan.Recording r : missing) {
                    jobs.add(pool.submit(() -> {
                        renderOne(synth, r, work);
                        bar.itemDone("rendered " + r.wav());
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof IOException io) throw io;
                        throw new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while rendering");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (Stream<Path> s = Files.list(work)) {
            if (s.findAny().isEmpty()) Files.delete(work);
        }
        return new int[] {missing.size(), reused};
    }

    private void renderOne(FluidSynth synth, BenchmarkPlan.Recording r, Path work) throws IOException {
        String stem = r.recordingId().replace('/', '_');
        Path stereo = work.resolve(stem + ".fluidsynth.wav");
        Path part = work.resolve(stem + ".part.wav");
        Path excerpt = work.resolve(stem + ".excerpt.mid");
        Path arranged = work.resolve(stem + ".arranged.mid");
        try {
            Path midi = r.performance().midi();
            if (r.conditions().isPresent()) {
                RenderConditions c = r.conditions().get();
                MidiArrangement.write(midi, c.programs(), c.tuningHz(), c.tempoStretch(), arranged);
                midi = arranged;
            }
            if (options.maxSeconds() > 0) {
                // Render a little past the cut so the kept audio does not hear the excerpt's final notes-off.
                MidiExcerpt.write(midi, options.maxSeconds() + EXCERPT_MARGIN_SECONDS, excerpt);
                midi = excerpt;
            }
            // The realistic preset renders dry and adds its own room (FluidSynth's reverb is always the same).
            synth.render(midi, r.soundfont(), options.sampleRate(), stereo, r.conditions().isPresent());
            MonoWav audio = MonoWav.read(stereo);
            if (options.maxSeconds() > 0) audio = audio.truncated(options.maxSeconds());
            if (r.conditions().isPresent()) {
                audio = effects.reverb(audio, r.conditions().get().reverb(), work, stem).peakNormalized(PEAK);
                audio = effects.roundTrip(audio, r.conditions().get().codec(), work, stem);
            }
            audio = audio.peakNormalized(PEAK);
            if (options.noiseSnrDb().isPresent()) {
                audio = audio.withNoise(options.noiseSnrDb().getAsDouble(), pieceSeed(r.recordingId()) ^ 0x5DEECE66DL);
            }
            audio.write(part);
            Files.createDirectories(r.wav().getParent());
            Files.move(part, r.wav(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(arranged);
            Files.deleteIfExists(excerpt);
            Files.deleteIfExists(stereo);
            Files.deleteIfExists(part);
        }
    }

    private boolean isComplete(Path wav) throws IOException {
        if (!Files.isRegularFile(wav)) return false;
        try {
            AudioFileFormat f = AudioSystem.getAudioFileFormat(wav.toFile());
            return f.getFrameLength() > 0 && Math.round(f.getFormat().getSampleRate()) == options.sampleRate()
                    && f.getFormat().getChannels() == 1
                    && Files.size(wav) >= 44 + 2L * f.getFrameLength();
        } catch (UnsupportedAudioFileException e) {
            return false;
        }
    }

    private static double durationSeconds(Path wav) throws IOException {
        try {
            AudioFileFormat f = AudioSystem.getAudioFileFormat(wav.toFile());
            return f.getFrameLength() / (double) f.getFormat().getSampleRate();
        } catch (UnsupportedAudioFileException e) {
            throw new InputException(wav, "not a WAV file", e);
        }
    }

    private ObjectNode settings() {
        ObjectNode s = JSON.createObjectNode();
        s.put("dataset", options.dataset().toAbsolutePath().normalize().toString());
        s.put("seed", options.seed());
        s.put("performances_per_piece", options.performances());
        s.put("max_seconds", options.maxSeconds());
        s.put("snippets_per_piece", options.snippetsPerPiece());
        s.put("min_measures", options.minMeasures());
        s.put("max_measures", options.maxMeasures());
        s.put("min_notes", options.minNotes());
        ArrayNode sf = s.putArray("soundfonts");
        options.soundfonts().forEach(p -> sf.add(p.toAbsolutePath().normalize().toString()));
        s.put("sample_rate", options.sampleRate());
        if (options.noiseSnrDb().isPresent()) s.put("noise_snr_db", options.noiseSnrDb().getAsDouble());
        else s.putNull("noise_snr_db");
        if (options.realistic()) s.put("preset", "realistic");
        return s;
    }

    private void checkSettingsOfExistingBuild(Path manifest) throws IOException {
        if (!Files.isRegularFile(manifest)) return;
        JsonNode old;
        try {
            old = JSON.readTree(manifest.toFile()).get("settings");
        } catch (IOException e) {
            throw new InputException(manifest, "unreadable manifest of an earlier build: " + e.getMessage(), e);
        }
        // Compare as parsed from text, as the earlier settings were (numbers then have the same node types).
        JsonNode now = JSON.readTree(JSON.writeValueAsString(settings()));
        if (old == null || !old.equals(now)) {
            throw new InputException(manifest, "the folder was built with other settings (" + old + "); build into an"
                    + " empty folder or repeat the earlier settings (" + now + ")");
        }
    }

    private void checkNoForeignRecordings(BenchmarkPlan plan) throws IOException {
        Path audio = options.out().resolve("audio");
        if (!Files.isDirectory(audio)) return;
        Set<Path> planned = new HashSet<>();
        for (BenchmarkPlan.Recording r : plan.recordings()) planned.add(r.wav().toAbsolutePath().normalize());
        List<String> foreign;
        try (Stream<Path> s = Files.walk(audio)) {
            foreign = s.filter(p -> p.toString().endsWith(".wav"))
                    .filter(p -> !planned.contains(p.toAbsolutePath().normalize()))
                    .map(p -> audio.relativize(p).toString()).sorted().limit(5).toList();
        }
        if (!foreign.isEmpty()) {
            throw new InputException(audio, "holds recordings that are not part of this benchmark (" + String.join(", ", foreign)
                    + "); they would be indexed as unlisted recordings: build into an empty folder");
        }
    }

    private ObjectNode manifest(BenchmarkPlan plan, String synthVersion) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.set("settings", settings());
        Path commit = options.dataset().resolve("SOURCE_COMMIT");
        if (Files.isRegularFile(commit)) m.put("dataset_commit", Files.readString(commit).strip());
        m.put("renderer", synthVersion);
        m.put("audio_folder", "audio");
        m.put("recording_id_rule", "path of the WAV relative to audio/, without .wav");
        m.put("measure_numbers", "MusicXML <measure number> values");
        ArrayNode pieces = m.putArray("pieces");
        for (BenchmarkPlan.Piece p : plan.pieces()) {
            ObjectNode n = pieces.addObject();
            n.put("piece", p.piece().name());
            n.put("dataset_folder", p.piece().relativePath());
            n.put("score", "scores/" + p.score().getFileName());
            n.put("measures", p.measures());
            n.put("measures_before_first_repeat", p.linearMeasures());
            n.put("score_tempo", p.scoreTempo());
            ArrayNode recs = n.putArray("recordings");
            for (BenchmarkPlan.Recording r : p.recordings()) {
                ObjectNode rn = recs.addObject();
                rn.put("recording_id", r.recordingId());
                rn.put("performer", r.performance().performer());
                rn.put("midi", p.piece().relativePath() + "/" + r.performance().midi().getFileName());
                rn.put("soundfont", r.soundfont().getFileName().toString());
                r.conditions().ifPresent(c -> {
                    ObjectNode cn = rn.putObject("conditions");
                    cn.put("soundfont", r.soundfont().getFileName().toString());
                    cn.put("programs", c.programs().name());
                    ObjectNode gm = cn.putObject("gm_programs");
                    gm.put(c.programs().hasMelody() ? "accompaniment" : "all", c.programs().accompaniment());
                    if (c.programs().hasMelody()) gm.put("melody", c.programs().melody());
                    cn.put("reverb", c.reverb().label());
                    cn.put("codec", c.codec().label());
                    cn.put("tuning_hz", c.tuningHz());
                    cn.put("tempo_stretch", Math.round(c.tempoStretch() * 1e4) / 1e4);
                    cn.put("tempo_ratio", Math.round(c.tempoRatio() * 1e4) / 1e4);
                });
                rn.put("duration_s", Math.round(durationSeconds(r.wav()) * 1e4) / 1e4);
            }
        }
        ArrayNode queries = m.putArray("queries");
        for (BenchmarkPlan.Query q : plan.queries()) {
            ObjectNode n = queries.addObject();
            n.put("query_id", q.spec().id());
            n.put("piece", q.piece());
            n.put("measures", q.spec().measures().orElseThrow().toString());
            if (q.spec().staff().isPresent()) n.put("staff", q.spec().staff().getAsInt());
            else n.putNull("staff");
            ObjectNode spans = n.putObject("spans_s");
            q.spans().forEach((id, s) -> {
                ArrayNode a = spans.putArray(id);
                a.add(Math.round(s[0] * 1e4) / 1e4);
                a.add(Math.round(s[1] * 1e4) / 1e4);
            });
            if (options.realistic()) {
                n.put("score_tempo", plan.pieces().stream().filter(p -> p.piece().name().equals(q.piece()))
                        .findFirst().orElseThrow().scoreTempo());
                ObjectNode ratios = n.putObject("tempo_ratios");
                q.tempoRatios().forEach((id, v) -> ratios.put(id, Math.round(v * 1e4) / 1e4));
            }
        }
        ArrayNode skipped = m.putArray("skipped_pieces");
        for (BenchmarkPlan.Skipped s : plan.skipped()) {
            skipped.addObject().put("piece", s.piece()).put("reason", s.reason());
        }
        return m;
    }
}
