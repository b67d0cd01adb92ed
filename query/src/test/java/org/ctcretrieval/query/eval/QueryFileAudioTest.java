package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio.AudioSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query files with audio queries: audio_path, audio_span, audio_kind. */
class QueryFileAudioTest {
    @TempDir Path tmp;

    Path file(String... lines) throws Exception {
        Files.writeString(tmp.resolve("rec.wav"), "x");
        Files.writeString(tmp.resolve("theme.mid"), "x");
        Path f = tmp.resolve("q.tsv");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void readsAudioQueriesNextToScoreQueries() throws Exception {
        List<QuerySpec> qs = QueryFile.read(file(
                "query_id\tscore_path\taudio_path\taudio_span\taudio_kind\trelevant",
                "excerpt\t\trec.wav\t12.5-22\t\tA/p1,A/p2",
                "hummed\t\trec.wav\t\tsung\tA/p1",
                "score\ttheme.mid\t\t\t\tA/p1"));
        QuerySpec.AudioQuery a = qs.get(0).audio().orElseThrow();
        assertEquals(tmp.resolve("rec.wav"), a.file());
        assertEquals(new AudioSpan(12.5, 22), a.span());
        assertEquals(AudioSearch.Kind.EXCERPT, a.kind());
        assertEquals(AudioSearch.Kind.SUNG, qs.get(1).audio().orElseThrow().kind());
        assertTrue(qs.get(1).audio().orElseThrow().span().isWhole());
        assertTrue(qs.get(2).audio().isEmpty());
        assertEquals(tmp.resolve("theme.mid"), qs.get(2).score());
    }

    @Test
    void roundTrip() throws Exception {
        Path audio = tmp.resolve("rec.wav");
        Files.writeString(audio, "x");
        List<QuerySpec> qs = List.of(new QuerySpec("v", audio, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                List.of("A/p2"), null, 0, Optional.of(new QuerySpec.AudioQuery(audio, new AudioSpan(3, 9.25), AudioSearch.Kind.EXCERPT))));
        Path f = tmp.resolve("out.tsv");
        QueryFile.write(f, qs);
        QuerySpec back = QueryFile.read(f).get(0);
        assertEquals(qs.get(0).audio(), back.audio());
        assertEquals(List.of("A/p2"), back.relevant());
    }

    @Test
    void badAudioRowsNameTheLine() throws Exception {
        String header = "query_id\tscore_path\taudio_path\taudio_span\taudio_kind\trelevant";
        assertProblem("line 2: give score_path or audio_path, not both", header, "q\ttheme.mid\trec.wav\t\t\tA/p1");
        assertProblem("line 2: audio file not found", header, "q\t\tnope.wav\t\t\tA/p1");
        assertProblem("line 2: audio span must be FROM-TO", header, "q\t\trec.wav\tten\t\tA/p1");
        assertProblem("line 2: span end must be after its start", header, "q\t\trec.wav\t9-3\t\tA/p1");
        assertProblem("line 2: audio query kind must be 'excerpt' or 'sung'", header, "q\t\trec.wav\t\tsang\tA/p1");
        assertProblem("line 2: audio_span and audio_kind need an audio_path", header, "q\ttheme.mid\t\t1-2\t\tA/p1");
        assertProblem("lacks the required column 'score_path' (or 'audio_path'", "query_id\trelevant", "q\tA/p1");
    }

    void assertProblem(String expected, String... lines) throws Exception {
        InputException e = assertThrows(InputException.class, () -> QueryFile.read(file(lines)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
