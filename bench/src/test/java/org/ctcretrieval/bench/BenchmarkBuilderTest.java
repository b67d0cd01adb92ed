package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.query.eval.QueryFile;
import org.ctcretrieval.query.eval.QuerySpec;
import org.ctcretrieval.query.eval.RecordingIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a small benchmark end to end from the shared ASAP subset with the real FluidSynth: 2 pieces, 2
 * performances each, 20 s of audio per performance; then checks the files, the query file, determinism and resume.
 */
class BenchmarkBuilderTest {
    static final double MAX_SECONDS = 20;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path asap;
    static BenchmarkOptions options;
    static BenchmarkBuilder.Result first;

    @BeforeAll
    static void buildOnce() throws IOException {
        asap = SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset subset");
        options = BenchmarkOptions.defaults(asap, dir.resolve("a")).withPieces(2).withPerformances(2)
                .withMaxSeconds(MAX_SECONDS).withSeed(7);
        first = new BenchmarkBuilder(options, quiet()).build();
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    static List<Path> wavs(Path audio) throws IOException {
        try (Stream<Path> s = Files.walk(audio)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }

    @Test
    void writesAudioOfTheRequestedLengthForEveryRecording() throws IOException {
        Path out = options.out();
        assertEquals(2, first.plan().pieces().size());
        assertEquals(4, first.plan().recordings().size());
        assertEquals(4, first.rendered());
        List<Path> files = wavs(out.resolve("audio"));
        assertEquals(4, files.size(), "one WAV per performance: " + files);
        for (Path f : files) {
            MonoWav w = MonoWav.read(f);
            assertEquals(22050, w.sampleRate());
            // every ASAP performance lasts longer than 20 s, so each file is cut to exactly 20 s
            assertEquals(MAX_SECONDS * 22050, w.samples().length, f.toString());
            double energy = 0;
            float peak = 0;
            for (float s : w.samples()) {
                energy += s * s;
                peak = Math.max(peak, Math.abs(s));
            }
            assertTrue(Math.sqrt(energy / w.samples().length) > 0.01, "audible: " + f);
            assertEquals(BenchmarkBuilder.PEAK, peak, 1.0 / 32767 + 1e-6, "peak-normalised to -1 dBFS: " + f);
            String piece = out.resolve("audio").relativize(f).getName(0).toString();
            assertTrue(Files.isRegularFile(out.resolve("scores").resolve(piece + ".mxl")), "score copied for " + piece);
        }
        assertFalse(Files.exists(out.resolve(".render")), "temporary files removed");
    }

    @Test
    void queryFileIsValidAndEveryPerformanceOfThePieceIsRelevant() throws IOException {
        Path out = options.out();
        List<QuerySpec> queries = QueryFile.read(out.resolve("queries.tsv"));
        Map<String, Set<String>> recordingsByPiece = new TreeMap<>();
        for (Path f : wavs(out.resolve("audio"))) {
            String id = RecordingIds.of(out.resolve("audio"), f);
            recordingsByPiece.computeIfAbsent(id.substring(0, id.indexOf('/')), k -> new HashSet<>()).add(id);
        }
        Set<String> piecesWithQueries = new HashSet<>();
        int rightHand = 0;
        for (QuerySpec q : queries) {
            String piece = q.score().getFileName().toString().replace(".mxl", "");
            piecesWithQueries.add(piece);
            assertEquals(out.resolve("scores").resolve(piece + ".mxl"), q.score());
            assertEquals(recordingsByPiece.get(piece), Set.copyOf(q.relevant()), "relevant = all performances of " + piece);
            int measures = q.measures().orElseThrow().count();
            assertTrue(measures >= 4 && measures <= 8, q.id() + " spans " + measures + " measures");
            assertTrue(q.part().isEmpty());
            if (q.staff().isPresent()) {
                assertEquals(1, q.staff().getAsInt());
                rightHand++;
            }
            assertTrue(q.id().startsWith(piece + "_m" + q.measures().get()), q.id());
        }
        assertEquals(recordingsByPiece.keySet(), piecesWithQueries, "every piece has queries");
        assertTrue(rightHand > 0, "right-hand queries present");

        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals(7, manifest.get("settings").get("seed").asInt());
        assertEquals(queries.size(), manifest.get("queries").size());
        Set<String> soundfonts = new HashSet<>();
        for (JsonNode p : manifest.get("pieces")) {
            for (JsonNode r : p.get("recordings")) {
                soundfonts.add(r.get("soundfont").asText());
                assertEquals(MAX_SECONDS, r.get("duration_s").asDouble(), 1e-4);
            }
        }
        assertEquals(Set.of("FluidR3_GM.sf2", "TimGM6mb.sf2"), soundfonts, "soundfonts alternate per performance");
        org.ctcretrieval.query.eval.TruthSpans truth =
                org.ctcretrieval.query.eval.TruthSpans.readManifest(out.resolve("manifest.json"));
        for (QuerySpec q : queries) {
            for (String rec : q.relevant()) assertTrue(truth.span(q.id(), rec).isPresent(), q.id() + " in " + rec);
        }
        for (JsonNode q : manifest.get("queries")) {
            assertEquals(2, q.get("spans_s").size());
            q.get("spans_s").fields().forEachRemaining(e -> {
                double start = e.getValue().get(0).asDouble();
                double end = e.getValue().get(1).asDouble();
                assertTrue(start >= 0 && start < end && end <= MAX_SECONDS,
                        q.get("query_id").asText() + " in " + e.getKey() + ": " + start + ".." + end);
            });
        }
    }

    @Test
    void sameSeedGivesIdenticalBenchmarkAndRerunOnlyKeepsFiles() throws IOException {
        Path other = dir.resolve("b");
        BenchmarkBuilder.Result second = new BenchmarkBuilder(options.withOut(other), quiet()).build();
        assertEquals(4, second.rendered());
        Path out = options.out();
        assertEquals(Files.readString(out.resolve("queries.tsv")), Files.readString(other.resolve("queries.tsv")));
        assertEquals(Files.readString(out.resolve("manifest.json")), Files.readString(other.resolve("manifest.json")));
        List<Path> a = wavs(out.resolve("audio"));
        List<Path> b = wavs(other.resolve("audio"));
        assertEquals(a.stream().map(p -> out.relativize(p)).toList(), b.stream().map(p -> other.relativize(p)).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), "same audio: " + a.get(i));
        }

        // Running again into a complete folder renders nothing and changes nothing.
        long before = Files.getLastModifiedTime(b.get(0)).toMillis();
        BenchmarkBuilder.Result again = new BenchmarkBuilder(options.withOut(other), quiet()).build();
        assertEquals(0, again.rendered());
        assertEquals(4, again.reused());
        assertEquals(before, Files.getLastModifiedTime(b.get(0)).toMillis());

        // A deleted recording is rendered again, identical.
        byte[] original = Files.readAllBytes(b.get(1));
        Files.delete(b.get(1));
        BenchmarkBuilder.Result resumed = new BenchmarkBuilder(options.withOut(other), quiet()).build();
        assertEquals(1, resumed.rendered());
        assertArrayEquals(original, Files.readAllBytes(b.get(1)));
    }

    @Test
    void anotherSeedSelectsDifferently() throws IOException {
        BenchmarkPlan a = new BenchmarkBuilder(options, quiet()).plan();
        BenchmarkPlan b = new BenchmarkBuilder(options.withSeed(8), quiet()).plan();
        List<String> qa = new ArrayList<>();
        a.queries().forEach(q -> qa.add(q.spec().id()));
        List<String> qb = new ArrayList<>();
        b.queries().forEach(q -> qb.add(q.spec().id()));
        assertFalse(qa.equals(qb), "seed 7 and 8 give the same queries: " + qa);
    }

    @Test
    void folderBuiltWithOtherSettingsIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> new BenchmarkBuilder(options.withSeed(99), quiet()).build());
        assertTrue(e.getMessage().startsWith(options.out().resolve("manifest.json") + ": the folder was built with other settings"),
                e.getMessage());
    }

    @Test
    void missingSoundfontOrSynthesizerIsAClearError() {
        Path missing = dir.resolve("no/such.sf2");
        InputException e = assertThrows(InputException.class, () -> new BenchmarkBuilder(
                options.withOut(dir.resolve("c")).withSoundfonts(List.of(missing)), quiet()).build());
        assertTrue(e.getMessage().startsWith(missing + ": soundfont not found"), e.getMessage());

        IllegalStateException s = assertThrows(IllegalStateException.class, () -> new BenchmarkBuilder(
                options.withOut(dir.resolve("d")).withFluidsynth("/no/such/fluidsynth"), quiet()).build());
        assertTrue(s.getMessage().startsWith("cannot run '/no/such/fluidsynth'"), s.getMessage());
        assertTrue(s.getMessage().contains("install FluidSynth"), s.getMessage());
    }
}
