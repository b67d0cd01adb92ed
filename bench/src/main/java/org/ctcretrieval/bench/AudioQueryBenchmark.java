package org.ctcretrieval.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.testdata.VoiceSynth;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio.AudioSpan;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.TruthSpans;
import org.ctcretrieval.query.score.Note;
import org.ctcretrieval.query.score.ScoreReader;

/**
 * Audio queries for a collection made by {@link BenchmarkBuilder} ({@code ctcr bench-build}):
 * <ul>
 *   <li><b>cross-version</b> ({@code versions.tsv}): the snippet of every whole-texture score query, cut from each
 *       performance at its true span, queries the piece's other performances (the performance itself is in the
 *       index and must be left out by the search; true spans go to {@code versions-spans.json});</li>
 *   <li><b>sung</b> ({@code sung-<condition>.tsv}, audio in {@code sung/<condition>/}): the top voice of every
 *       snippet (its first {@link #SUNG_SECONDS} s), sung by {@link VoiceSynth} under each {@link Condition};
 *       every performance of the piece is relevant.</li>
 * </ul>
 * Deterministic for a seed; rendered files are reused.
 */
public final class AudioQueryBenchmark {
    /** Score seconds of melody a sung query holds (at the score's tempo; the tempo factor then applies). */
    public static final double SUNG_SECONDS = 10;

    /**
     * How a sung query deviates from the score.
     *
     * @param name       label in file names and tables
     * @param transpose  random key (-5..+6 semitones)
     * @param driftCents largest pitch drift over the phrase (uniform in +-driftCents)
     * @param tempo      random tempo factor 0.7..1.4 (else 1)
     * @param jitter     note timing jitter (onsets moved by up to +-40 ms, normal with sigma 20 ms)
     * @param breathSnrDb breath noise level (infinite = none)
     * @param timbres    timbres drawn per query
     */
    public record Condition(String name, boolean transpose, double driftCents, boolean tempo, boolean jitter,
                            double breathSnrDb, List<VoiceSynth.Timbre> timbres) {
        public String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(timbres.size() == 1 ? timbres.get(0).name().toLowerCase(Locale.ROOT)
                    : "timbre " + String.join("/", timbres.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList()));
            parts.add(transpose ? "random key" : "score key");
            if (driftCents > 0) parts.add(String.format(Locale.ROOT, "drift ±%.0f cents", driftCents));
            if (tempo) parts.add("tempo 0.7-1.4x");
            if (jitter) parts.add("timing jitter");
            if (!Double.isInfinite(breathSnrDb)) parts.add(String.format(Locale.ROOT, "breath noise %.0f dB SNR", breathSnrDb));
            return String.join(", ", parts);
        }
    }

    static final List<VoiceSynth.Timbre> ALL_TIMBRES = List.of(VoiceSynth.Timbre.AH, VoiceSynth.Timbre.OO, VoiceSynth.Timbre.WHISTLE);

    /** The conditions of the benchmark, from the plain melody to everything at once. */
    public static final List<Condition> CONDITIONS = List.of(
            new Condition("plain", false, 0, false, false, Double.POSITIVE_INFINITY, List.of(VoiceSynth.Timbre.AH)),
            new Condition("key", true, 0, false, false, Double.POSITIVE_INFINITY, List.of(VoiceSynth.Timbre.AH)),
            new Condition("key-drift", true, 50, false, false, Double.POSITIVE_INFINITY, List.of(VoiceSynth.Timbre.AH)),
            new Condition("whistle", true, 50, false, false, Double.POSITIVE_INFINITY, List.of(VoiceSynth.Timbre.WHISTLE)),
            new Condition("all", true, 50, true, true, 20, ALL_TIMBRES));

    private final Path collection;
    private final Path out;
    private final long seed;

    /**
     * @param collection a {@code bench-build} output folder (queries.tsv, manifest.json, audio/)
     * @param out        where the query files and sung audio go
     */
    public AudioQueryBenchmark(Path collection, Path out, long seed) {
        this.collection = collection;
        this.out = out;
        this.seed = seed;
    }

    /** The whole-texture score queries (one per snippet). */
    private List<QuerySpec> snippets() throws IOException {
        List<QuerySpec> all = QueryFile.read(collection.resolve("queries.tsv"));
        return all.stream().filter(q -> q.staff().isEmpty()).toList();
    }

    /** Writes {@code versions.tsv} and {@code versions-spans.json}; returns the query file. */
    public Path buildVersions() throws IOException {
        TruthSpans truth = TruthSpans.readManifest(collection.resolve("manifest.json"));
        Files.createDirectories(out);
        List<QuerySpec> queries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        ArrayNode spans = manifest.putArray("queries");
        for (QuerySpec s : snippets()) {
            for (String rec : s.relevant()) {
                List<String> others = s.relevant().stream().filter(r -> !r.equals(rec)).toList();
                Optional<double[]> span = truth.span(s.id(), rec);
                if (others.isEmpty() || span.isEmpty()) continue;
                String id = s.id() + "@" + rec.substring(rec.lastIndexOf('/') + 1);
                Path audio = collection.resolve("audio").resolve(rec + ".wav");
                if (!Files.isRegularFile(audio)) throw new InputException(audio, "recording of the benchmark is missing");
                queries.add(new QuerySpec(id, audio, Optional.empty(), OptionalInt.empty(), Optional.empty(), others, null, 0,
                        Optional.of(new QuerySpec.AudioQuery(audio, new AudioSpan(span.get()[0], span.get()[1]), AudioSearch.Kind.EXCERPT))));
                ObjectNode q = spans.addObject();
                q.put("query_id", id);
                ObjectNode per = q.putObject("spans_s");
                for (String o : others) truth.span(s.id(), o).ifPresent(x -> per.putArray(o).add(x[0]).add(x[1]));
            }
        }
        Path file = out.resolve("versions.tsv");
        QueryFile.write(file, queries);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("versions-spans.json").toFile(), manifest);
        return file;
    }

    /** Renders the sung queries of {@code condition} (reusing WAVs already there); returns the query file. */
    public Path buildSung(Condition condition) throws IOException {
        Path dir = out.resolve("sung").resolve(condition.name());
        Files.createDirectories(dir);
        List<QuerySpec> queries = new ArrayList<>();
        List<QuerySpec> snippets = snippets();
        for (int i = 0; i < snippets.size(); i++) {
            QuerySpec s = snippets.get(i);
            Path wav = dir.resolve(s.id() + ".wav");
            if (!Files.isRegularFile(wav)) {
                Path tmp = dir.resolve(s.id() + ".wav.part");
                new MonoWav(sing(i, s, condition).samples(), AudioLoader.PRODUCT_RATE).write(tmp);
                Files.move(tmp, wav, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            queries.add(new QuerySpec(s.id(), wav, Optional.empty(), OptionalInt.empty(), Optional.empty(), s.relevant(), null, 0,
                    Optional.of(new QuerySpec.AudioQuery(wav, AudioSpan.WHOLE, AudioSearch.Kind.SUNG))));
        }
        Path file = out.resolve("sung-" + condition.name() + ".tsv");
        QueryFile.write(file, queries);
        return file;
    }

    /**
     * The first {@code limit} sung queries of {@code condition} with the pitch they were sung at, in query-file
     * order (rendered in memory).
     */
    public List<VoiceSynth.Sung> sungWithPitch(Condition condition, int limit) throws IOException {
        List<QuerySpec> snippets = snippets();
        List<VoiceSynth.Sung> sung = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, snippets.size()); i++) sung.add(sing(i, snippets.get(i), condition));
        return sung;
    }

    /** Snippet {@code index} sung under {@code condition}. */
    private VoiceSynth.Sung sing(int index, QuerySpec s, Condition condition) throws IOException {
        // the same seed per snippet in every condition: conditions differ only in what they switch on
        Random random = new Random(seed * 1_000_003L + index);
        int shift = random.nextInt(12) - 5;
        double drift = (2 * random.nextDouble() - 1);
        double tempo = 0.7 + 0.7 * random.nextDouble();
        VoiceSynth.Timbre timbre = condition.timbres().get(random.nextInt(condition.timbres().size()));
        long voiceSeed = random.nextLong();
        List<Note> melody = topVoice(ScoreReader.read(s.score(), s.selection()).notes(), SUNG_SECONDS);
        List<VoiceSynth.Tone> tones = tones(melody, timbre, condition.transpose() ? shift : 0,
                condition.tempo() ? tempo : 1, condition.jitter() ? random : null);
        VoiceSynth.Voice voice = new VoiceSynth.Voice(timbre, timbre == VoiceSynth.Timbre.WHISTLE ? 25 : 40, 5.5,
                condition.driftCents() * drift, condition.breathSnrDb(), voiceSeed);
        return VoiceSynth.sing(tones, voice, AudioLoader.PRODUCT_RATE);
    }

    /**
     * The melody a listener would hum: at each onset the highest note, unless a higher melody note is still
     * sounding (then the onset is accompaniment); each note held to the next melody onset (legato, at most 2 s),
     * cut after {@code seconds}.
     */
    static List<Note> topVoice(List<Note> notes, double seconds) {
        List<Note> sorted = new ArrayList<>(notes);
        sorted.removeIf(n -> n.durationSeconds() <= 0);
        sorted.sort(Comparator.comparingDouble(Note::onsetSeconds).thenComparing(Comparator.comparingInt(Note::pitch).reversed()));
        Map<Long, Note> byOnset = new LinkedHashMap<>();
        for (Note n : sorted) byOnset.putIfAbsent(Math.round(n.onsetSeconds() * 100), n); // highest per onset (10 ms)
        List<Note> top = new ArrayList<>();
        for (Note n : byOnset.values()) {
            Note last = top.isEmpty() ? null : top.get(top.size() - 1);
            if (last != null && last.offsetSeconds() > n.onsetSeconds() + 0.01 && last.pitch() > n.pitch()) continue;
            top.add(n);
        }
        if (top.isEmpty()) return top;
        double start = top.get(0).onsetSeconds();
        List<Note> out = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            Note n = top.get(i);
            if (n.onsetSeconds() - start >= seconds) break;
            double end = i + 1 < top.size() ? top.get(i + 1).onsetSeconds() : n.offsetSeconds();
            double duration = Math.min(2.0, Math.max(n.durationSeconds(), end - n.onsetSeconds()));
            if (i + 1 < top.size()) duration = Math.min(duration, top.get(i + 1).onsetSeconds() - n.onsetSeconds());
            out.add(new Note(n.onsetBeats(), n.durationBeats(), n.onsetSeconds() - start, duration, n.pitch(), n.velocity(),
                    n.part(), n.staff(), n.voice(), n.measure()));
        }
        return out;
    }

    /**
     * Sung tones of a melody: moved by octaves into the voice's range (whistles an octave and a half higher), then
     * by {@code shift} semitones, stretched by {@code 1 / tempo}, onsets jittered when {@code jitter} is given.
     */
    static List<VoiceSynth.Tone> tones(List<Note> melody, VoiceSynth.Timbre timbre, int shift, double tempo, Random jitter) {
        double[] pitches = melody.stream().mapToDouble(Note::pitch).sorted().toArray();
        double median = pitches[pitches.length / 2];
        double centre = timbre == VoiceSynth.Timbre.WHISTLE ? 79 : 60;
        int octaves = (int) Math.round((centre - median) / 12);
        List<VoiceSynth.Tone> tones = new ArrayList<>();
        double previousEnd = 0;
        for (Note n : melody) {
            double on = n.onsetSeconds() / tempo;
            double off = (n.onsetSeconds() + n.durationSeconds()) / tempo;
            if (jitter != null) {
                on += Math.max(-0.04, Math.min(0.04, 0.02 * jitter.nextGaussian()));
                off += Math.max(-0.04, Math.min(0.04, 0.02 * jitter.nextGaussian()));
            }
            on = Math.max(on, previousEnd);
            if (off - on < 0.05) continue; // a note jittered away
            tones.add(new VoiceSynth.Tone(on, off - on, n.pitch() + 12 * octaves + shift));
            previousEnd = off;
        }
        return tones;
    }
}
