package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;
import org.ctcretrieval.testdata.VoiceSynth;
import org.ctcretrieval.testdata.NoteRenderer;
import org.ctcretrieval.testdata.NoteRenderer.NoteEvent;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctcr query --audio / --sung} end to end on a small collection of rendered melodies with accompaniment,
 * indexed with classic chroma ({@code cqt}): another performance is found from an excerpt, a sung melody in another
 * key finds its recordings and reports the key shift, and bad audio is refused with exit code 2 before the index
 * is opened.
 */
class AudioQueryCommandTest {
    static final int RATE = 22050;
    @TempDir static Path tmp;
    static Path audio;
    static Path index;
    static final int[] THEME = {67, 69, 71, 72, 74, 72, 71, 67, 69, 71, 67, 64, 62, 64, 66, 67};
    static final int[] ROOTS = {43, 48, 50, 43};

    /** A melody over sustained chords after an introduction, at {@code beat} seconds per note. */
    static float[] performance(int[] melody, double beat, double intro, long seed) {
        Random rnd = new Random(seed);
        List<NoteEvent> notes = new ArrayList<>();
        for (double t = 0; t < intro; t += 0.25) notes.add(new NoteEvent(t, 0.25, 60 + rnd.nextInt(12), 0.6));
        for (int i = 0; i < melody.length; i++) {
            notes.add(new NoteEvent(intro + i * beat, beat, melody[i], 1.0));
            if (i % 4 == 0) {
                int root = ROOTS[(i / 4) % ROOTS.length];
                for (int k : new int[] {0, 7, 16}) notes.add(new NoteEvent(intro + i * beat, 4 * beat, root + k, 0.3));
            }
        }
        return NoteRenderer.render(notes, 0.5, RATE);
    }

    static Path wav(Path file, float[] samples) throws IOException {
        return WavWriter.write(file, RATE, WavWriter.Encoding.PCM_16, samples);
    }

    @BeforeAll
    static void indexCollection() throws Exception {
        audio = Files.createDirectories(tmp.resolve("audio"));
        wav(audio.resolve("theme-a.wav"), performance(THEME, 0.4, 2, 1));
        wav(audio.resolve("theme-a-slow.wav"), performance(THEME, 0.48, 3, 2));
        Random rnd = new Random(9);
        for (String name : new String[] {"other-b.wav", "other-c.wav", "other-d.wav"}) {
            int[] other = new int[THEME.length];
            for (int i = 0; i < other.length; i++) other[i] = 60 + rnd.nextInt(15);
            wav(audio.resolve(name), performance(other, 0.4, 2, rnd.nextLong()));
        }
        index = tmp.resolve("index");
        CliRun r = CliRun.of("index", "-i", audio.toString(), "-x", index.toString(), "--features", "cqt", "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    static JsonNode query(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("query", "-x", index.toString(), "--json"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("cqt", root.get("feature").asText(), "the feature searched: the index's only one");
        return root.get("results");
    }

    static String name(JsonNode hit) {
        return Path.of(hit.get("path").asText()).getFileName().toString();
    }

    @Test
    void excerptFindsTheOtherPerformanceAndLeavesItselfOut() throws Exception {
        String excerpt = audio.resolve("theme-a.wav").toString();
        JsonNode hits = query("--audio", excerpt, "--from", "2", "--to", "8.4");
        assertEquals("theme-a-slow.wav", name(hits.get(0)), hits.toString());
        for (JsonNode h : hits) assertNotEquals("theme-a.wav", name(h), "own recording left out: " + hits);
        assertEquals(3.0, hits.get(0).get("start").asDouble(), 0.8, hits.toString());

        JsonNode withSelf = query("--audio", excerpt, "--from", "2", "--to", "8.4", "--include-self");
        assertEquals("theme-a.wav", name(withSelf.get(0)), withSelf.toString());
        assertEquals(2.0, withSelf.get(0).get("start").asDouble(), 0.5, withSelf.toString());
    }

    @Test
    void sungMelodyInAnotherKeyFindsItsRecordingsWithTheKeyShift() throws Exception {
        List<VoiceSynth.Tone> tones = new ArrayList<>();
        for (int i = 0; i < THEME.length; i++) tones.add(new VoiceSynth.Tone(0.3 + i * 0.45, 0.45, THEME[i] - 12 + 3));
        Path sung = wav(tmp.resolve("sung.wav"), VoiceSynth.render(tones,
                new VoiceSynth.Voice(VoiceSynth.Timbre.OO, 40, 5.5, 30, 30, 4), RATE));
        JsonNode hits = query("--sung", sung.toString(), "--top", "3");
        assertTrue(name(hits.get(0)).startsWith("theme-a"), hits.toString());
        assertTrue(name(hits.get(1)).startsWith("theme-a"), hits.toString());
        assertEquals(-3, hits.get(0).get("transposition").asInt(), "sung 3 semitones high: " + hits);

        JsonNode fixed = query("--sung", sung.toString(), "--top", "3", "--fixed-key");
        for (JsonNode h : fixed) assertEquals(0, h.get("transposition").asInt());
    }

    static JsonNode queryRoot(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("query", "-x", index.toString(), "--json"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void tempoRangeIsSearched() throws Exception {
        List<VoiceSynth.Tone> tones = new ArrayList<>();
        for (int i = 0; i < THEME.length; i++) tones.add(new VoiceSynth.Tone(0.3 + i * 0.4, 0.4, THEME[i] - 12));
        String sung = wav(tmp.resolve("tempo.wav"), VoiceSynth.render(tones,
                new VoiceSynth.Voice(VoiceSynth.Timbre.AH, 40, 5.5, 0, 30, 2), RATE)).toString();
        // a sung melody is matched at its own tempo unless a range is given; 0.5-2 adds copies at 0.71x and 1.41x,
        // so every candidate (of the three copies' terms) is matched three times
        JsonNode own = queryRoot("--sung", sung, "--fixed-key");
        JsonNode range = queryRoot("--sung", sung, "--fixed-key", "--tempo-range", "0.5-2");
        assertEquals("1x", own.get("tempoRange").asText());
        assertEquals("0.5x-2x", range.get("tempoRange").asText());
        assertEquals(0, range.get("scored").asInt() % 3, range.toString());
        assertTrue(range.get("scored").asInt() > own.get("scored").asInt(), own + "\n" + range);
        // an excerpt is matched at 0.5x-2x unless a range is given
        String excerpt = audio.resolve("theme-a.wav").toString();
        JsonNode whole = queryRoot("--audio", excerpt, "--from", "2", "--to", "8.4");
        JsonNode one = queryRoot("--audio", excerpt, "--from", "2", "--to", "8.4", "--tempo-range", "1");
        assertEquals("0.5x-2x", whole.get("tempoRange").asText());
        assertEquals("1x", one.get("tempoRange").asText());
        assertEquals(0, whole.get("scored").asInt() % 3, whole.toString());
        assertTrue(whole.get("scored").asInt() > one.get("scored").asInt(), whole + "\n" + one);
    }

    @Test
    void libraryTakesUploadedBytes() throws Exception {
        List<VoiceSynth.Tone> tones = new ArrayList<>();
        for (int i = 0; i < THEME.length; i++) tones.add(new VoiceSynth.Tone(0.3 + i * 0.4, 0.4, THEME[i] - 12 - 2));
        Path sung = wav(tmp.resolve("upload.wav"), VoiceSynth.render(tones,
                new VoiceSynth.Voice(VoiceSynth.Timbre.AH, 40, 5.5, -30, 30, 8), RATE));
        try (ThemeSearcher searcher = ThemeSearcher.open(index); AudioSearch search = AudioSearch.over(searcher)) {
            SearchOptions options = SearchOptions.defaults().withTop(3).withTranspose(true);
            SearchResult r = search.search(Files.readAllBytes(sung), "recording.wav", AudioSearch.Kind.SUNG,
                    QueryAudio.AudioSpan.WHOLE, options);
            assertTrue(Path.of(r.hits().get(0).id()).getFileName().toString().startsWith("theme-a"), r.hits().toString());
            assertEquals(2, r.hits().get(0).transposition(), "sung 2 semitones low: shifted up 2");
            org.ctcretrieval.common.InputException e = assertThrows(org.ctcretrieval.common.InputException.class,
                    () -> search.search(new byte[(int) QueryAudio.MAX_FILE_BYTES + 1], "big.webm", AudioSearch.Kind.SUNG,
                            QueryAudio.AudioSpan.WHOLE, options));
            assertTrue(e.getMessage().contains("big.webm: query audio is 64.0 MiB; the limit is 64 MiB"), e.getMessage());
        }
    }

    /** Names, sizes and modification times of the index files. */
    static TreeMap<String, String> indexState() throws IOException {
        TreeMap<String, String> state = new TreeMap<>();
        try (Stream<Path> files = Files.list(index)) {
            for (Path f : files.toList()) state.put(f.getFileName().toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f));
        }
        return state;
    }

    static void assertRefused(String expected, String... args) throws IOException {
        TreeMap<String, String> before = indexState();
        List<String> all = new ArrayList<>(List.of("query", "-x", index.toString()));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(before, indexState(), "index untouched");
    }

    @Test
    void badAudioIsRefusedWithExitCode2() throws Exception {
        Path silence = wav(tmp.resolve("silence.wav"), SignalGenerator.silence(3, RATE));
        assertRefused("silence.wav: query is silent", "--sung", silence.toString());
        assertRefused("silence.wav: query is silent", "--audio", silence.toString());
        float[] hiss = SignalGenerator.whiteNoise(1e-4, 3, RATE, 1);
        assertRefused("quiet.wav: query is silent", "--audio", wav(tmp.resolve("quiet.wav"), hiss).toString());

        Path noise = wav(tmp.resolve("noise.wav"), SignalGenerator.whiteNoise(0.3, 3, RATE, 2));
        assertRefused("noise.wav: no pitched notes found in the query", "--sung", noise.toString());

        // whispered syllables: noise under a syllable envelope, nothing pitched
        float[] whisper = SignalGenerator.whiteNoise(0.3, 4, RATE, 3);
        for (int i = 0; i < whisper.length; i++) whisper[i] *= (float) Math.pow(Math.sin(Math.PI * i / (0.4 * RATE)), 2);
        assertRefused("whisper.wav: no pitched notes found in the query", "--sung", wav(tmp.resolve("whisper.wav"), whisper).toString());

        Path shortClip = wav(tmp.resolve("short.wav"), SignalGenerator.sine(440, 0.5, 0.6, RATE));
        assertRefused("short.wav: query is 0.60 s long; at least 1 s of audio is needed", "--sung", shortClip.toString());
        assertRefused("query is 0.50 s long", "--audio", audio.resolve("theme-a.wav").toString(), "--from", "2", "--to", "2.5");
        assertRefused("query span starts at 99.00 s", "--audio", audio.resolve("theme-a.wav").toString(), "--from", "99");

        Path big = tmp.resolve("big.wav");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(QueryAudio.MAX_FILE_BYTES + 1); // sparse: no disk written
        }
        assertRefused("big.wav: query audio file is 64.0 MiB; the limit is 64 MiB", "--audio", big.toString());
        assertRefused("missing.wav: query audio file not found", "--sung", tmp.resolve("missing.wav").toString());
    }
}
