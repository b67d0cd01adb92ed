package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;
import org.ctcretrieval.query.search.ThemeSearcher;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.VoiceSynth;
import org.ctcretrieval.testdata.WavWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/search} with audio: a sung theme, and audio the search refuses, checked against the OpenAPI document. */
class AudioSearchApiTest {
    static final int RATE = 22050;
    private static SearchServer server;
    private static OpenApiValidator api;
    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.start(ServerFixture.config().withMaxUploadBytes(256 * 1024));
        api = new OpenApiValidator(ServerFixture.get(server, "/api/openapi.json").body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** The opening of Op. 67 (G G G E-flat, F F F D) sung an octave and a minor third lower than written, as WAV. */
    static Path sungOp67(Path file) throws Exception {
        int[] pitches = {67, 67, 67, 63, 65, 65, 65, 62};
        double[] lengths = {0.22, 0.22, 0.22, 1.1, 0.22, 0.22, 0.22, 1.4};
        List<VoiceSynth.Tone> tones = new ArrayList<>();
        double t = 0.3;
        for (int i = 0; i < pitches.length; i++) {
            tones.add(new VoiceSynth.Tone(t, lengths[i] * 0.92, pitches[i] - 12 - 3));
            t += lengths[i];
        }
        float[] samples = VoiceSynth.render(tones, new VoiceSynth.Voice(VoiceSynth.Timbre.AH, 30, 5.5, 20, 30, 3), RATE);
        return WavWriter.write(file, RATE, WavWriter.Encoding.PCM_16, samples);
    }

    static byte[] sungOp67() throws Exception {
        return Files.readAllBytes(sungOp67(tmp.resolve("sung.wav")));
    }

    @Test
    void aSungThemeIsSearchedInEveryKeyAsTheLibraryDoes() throws Exception {
        byte[] sung = sungOp67();
        HttpResponse<String> r = new ServerFixture.Form().file("sung", "hummed.wav", sung).field("top", "5")
                .post(server, "/api/search");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = api.check("SearchResponse", r.body());
        assertEquals("hummed.wav", body.get("query").asText());
        assertFalse(body.get("results").isEmpty(), r.body());
        assertEquals(ServerFixture.OP67, body.at("/results/0/name").asText(), r.body());
        assertEquals(3, body.at("/results/0/transposition").asInt(), "sung a minor third low: shifted up 3");

        try (ThemeSearcher searcher = ThemeSearcher.open(ServerFixture.index()); AudioSearch search = AudioSearch.over(searcher)) {
            SearchResult direct = search.search(sung, "hummed.wav", AudioSearch.Kind.SUNG, QueryAudio.AudioSpan.WHOLE,
                    SearchOptions.defaults().withTop(5).withTranspose(true));
            assertEquals(direct.hits().size(), body.get("results").size());
            for (int i = 0; i < direct.hits().size(); i++) {
                SearchHit want = direct.hits().get(i);
                JsonNode got = body.get("results").get(i);
                assertEquals(want.id(), got.get("id").asText(), "id of hit " + i);
                assertEquals(want.cost(), got.get("cost").asDouble(), 1e-9, "cost of hit " + i);
                assertEquals(want.transposition() > 6 ? want.transposition() - 12 : want.transposition(),
                        got.get("transposition").asInt(), "key shift of hit " + i);
                assertTrue(got.hasNonNull("recording"), "opaque id of hit " + i);
            }
        }
    }

    @Test
    void silenceNoiseAndOversizedAudioAre4xxWithTheReason() throws Exception {
        byte[] silence = Files.readAllBytes(WavWriter.write(tmp.resolve("silence.wav"), RATE, WavWriter.Encoding.PCM_16,
                SignalGenerator.silence(3, RATE)));
        HttpResponse<String> r = new ServerFixture.Form().file("sung", "silence.wav", silence).post(server, "/api/search");
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(api.check("Error", r.body()).get("error").asText().startsWith("silence.wav: query is silent"), r.body());
        assertFalse(r.body().contains(tmp.toString()) || r.body().contains(".upload"), "no server path: " + r.body());

        byte[] noise = Files.readAllBytes(WavWriter.write(tmp.resolve("noise.wav"), RATE, WavWriter.Encoding.PCM_16,
                SignalGenerator.whiteNoise(0.3, 3, RATE, 2)));
        r = new ServerFixture.Form().file("sung", "noise.wav", noise).post(server, "/api/search");
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(api.check("Error", r.body()).get("error").asText().contains("noise.wav: no pitched notes found in the query"), r.body());

        r = new ServerFixture.Form().file("audio", "excerpt.wav", silence).field("from", "2").field("to", "1").post(server, "/api/search");
        assertEquals(400, r.statusCode(), r.body());
        api.check("Error", r.body());

        r = new ServerFixture.Form().file("audio", "long.wav", new byte[300 * 1024]).post(server, "/api/search");
        assertEquals(413, r.statusCode(), r.body());
        api.check("Error", r.body());

        // and the server keeps serving
        assertEquals(200, new ServerFixture.Form().file("sung", "hummed.wav", sungOp67()).post(server, "/api/search").statusCode());
    }
}
