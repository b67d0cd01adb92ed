package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.testdata.NoteRenderer;
import org.ctcretrieval.testdata.NoteRenderer.NoteEvent;
import org.ctcretrieval.testdata.WavWriter;
import org.ctcretrieval.testdata.themes.PerformedThemes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio fixtures of themes performed far from their scores (rendered, classic chroma): a theme at 0.3x its score
 * tempo, one at 3x, one at historical pitch A=415 (a semitone low), one in tune, and four distractor themes; each
 * recording starts with a few seconds of a distractor.
 */
class PerformedThemesSearchTest {
    static final int SR = 22050;
    @TempDir static Path dir;
    static Path index;
    static final List<List<NoteEvent>> themes = new ArrayList<>();
    static final double LEAD_IN = 6.0;

    @BeforeAll
    static void buildCollection() throws IOException {
        for (int i = 0; i < 9; i++) themes.add(PerformedThemes.theme(100 + i, 24));
        Path audio = Files.createDirectories(dir.resolve("audio"));
        record Recording(String name, int theme, double tempo, double cents) {}
        List<Recording> recordings = List.of(new Recording("slow", 0, 0.3, 0), new Recording("fast", 1, 3.0, 0),
                new Recording("baroque", 2, 1.0, PerformedThemes.A415_CENTS), new Recording("intune", 3, 1.0, 0),
                new Recording("other4", 4, 1.0, 0), new Recording("other5", 5, 0.8, 0),
                new Recording("other6", 6, 1.2, 0), new Recording("other7", 7, 1.0, 0));
        for (Recording r : recordings) {
            // a lead-in of a distractor theme, then the theme
            List<NoteEvent> notes = new ArrayList<>(PerformedThemes.performed(
                    cut(themes.get(8), LEAD_IN), 1.0, 0));
            notes.addAll(PerformedThemes.performed(themes.get(r.theme()), r.tempo(), LEAD_IN));
            WavWriter.write(audio.resolve(r.name() + ".wav"), SR, WavWriter.Encoding.PCM_16,
                    NoteRenderer.render(notes, 1.0, SR, r.cents()));
        }
        index = dir.resolve("index");
        FeatureExtractor cqt = FeatureExtractors.discover().create("cqt");
        new CollectionIndexer(index, cqt, IndexSchema.forFeatures(cqt.id(), cqt.frameRate(), 12),
                CollectionIndexer.Options.defaults().withProgress(false)).index(audio);
    }

    /** The notes of a theme that start before {@code seconds}, cut there. */
    private static List<NoteEvent> cut(List<NoteEvent> notes, double seconds) {
        List<NoteEvent> out = new ArrayList<>();
        for (NoteEvent n : notes) {
            if (n.onsetSeconds() >= seconds) continue;
            out.add(new NoteEvent(n.onsetSeconds(), Math.min(n.durationSeconds(), seconds - n.onsetSeconds()),
                    n.midiPitch(), n.gain()));
        }
        return out;
    }

    private static FeatureSequence query(int theme, Double bpm) throws IOException {
        Path midi = PerformedThemes.midi(themes.get(theme), bpm, dir.resolve("theme" + theme + (bpm == null ? "-no-tempo" : "") + ".mid"));
        Score score = ScoreReader.read(midi, ScoreSelection.ALL);
        assertEquals(bpm == null ? "default" : "file", score.tempoSource());
        return ScoreChroma.query(score);
    }

    private static void assertTopSpan(SearchResult r, String name, double start, double end) {
        SearchHit top = r.hits().get(0);
        System.out.printf(Locale.ROOT, "%s: top %s cost %.4f %.2f-%.2f s (true %.2f-%.2f) tempo %.2f; runner-up cost %.4f%n",
                name, Path.of(top.id()).getFileName(), top.cost(), top.startSeconds(), top.endSeconds(), start, end,
                top.tempo(), r.hits().size() > 1 ? r.hits().get(1).cost() : Double.NaN);
        assertTrue(top.id().endsWith(name + ".wav"), "top-1 " + top.id() + " of " + r.hits());
        assertEquals(start, top.startSeconds(), 1.0, "start");
        assertEquals(end, top.endSeconds(), 1.0, "end");
    }

    @Test
    void themesAtAThirdAndThreeTimesTheirTempoAreFoundAtRankOneWithTheirSpan() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            // without a tempo mark the whole range 0.25x-4x is searched by default; with one, on request
            for (Double bpm : new Double[] {null, 120.0}) {
                for (boolean exhaustive : new boolean[] {false, true}) {
                    SearchOptions o = SearchOptions.defaults().withExhaustive(exhaustive).withTempoKnown(bpm != null)
                            .withTempo(bpm == null ? null : TempoRange.DEFAULT);
                    assertEquals(TempoRange.DEFAULT, o.tempoRange());
                    double slow = PerformedThemes.duration(themes.get(0));
                    SearchResult r = s.search(query(0, bpm), o);
                    assertTopSpan(r, "slow", LEAD_IN, LEAD_IN + slow / 0.3);
                    assertEquals(0.3, r.hits().get(0).tempo(), 0.05);
                    double fast = PerformedThemes.duration(themes.get(1));
                    r = s.search(query(1, bpm), o);
                    assertTopSpan(r, "fast", LEAD_IN, LEAD_IN + fast / 3.0);
                    assertEquals(3.0, r.hits().get(0).tempo(), 0.5);
                }
            }
        }
    }

    @Test
    void aScoreWithATempoMarkIsSearchedFromHalfToTwiceItsTempoByDefault() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            SearchResult r = s.search(query(1, 120.0), SearchOptions.defaults().withExhaustive(true));
            assertEquals(TempoRange.MARKED, r.tempo());
            double fast = PerformedThemes.duration(themes.get(1));
            SearchHit hit = r.hits().stream().filter(h -> h.id().endsWith("fast.wav")).findFirst().orElseThrow();
            SearchHit whole = s.search(query(1, 120.0), SearchOptions.defaults().withExhaustive(true)
                    .withTempo(TempoRange.DEFAULT)).hits().get(0);
            double error = Math.abs(hit.startSeconds() - LEAD_IN) + Math.abs(hit.endSeconds() - LEAD_IN - fast / 3.0);
            double wholeError = Math.abs(whole.startSeconds() - LEAD_IN) + Math.abs(whole.endSeconds() - LEAD_IN - fast / 3.0);
            assertTrue(wholeError < error, "3x is beyond the default range of a marked tempo: " + hit + " vs " + whole);
        }
    }

    @Test
    void aThemeAtHistoricalPitchIsFoundByTheDefaultSearch() throws IOException {
        try (ThemeSearcher s = ThemeSearcher.open(index)) {
            FeatureSequence q = query(2, 120.0);
            SearchResult plain = s.search(q, SearchOptions.defaults().withExhaustive(true).withNeighbours(false));
            SearchResult near = s.search(q, SearchOptions.defaults());
            assertTrue(SearchOptions.DEFAULT_NEIGHBOURS, "the default search tries a semitone up and down");
            double duration = PerformedThemes.duration(themes.get(2));
            assertTopSpan(near, "baroque", LEAD_IN, LEAD_IN + duration);
            assertEquals(-1, QueryShift.signed(near.hits().get(0).transposition()), "a semitone down");
            int plainRank = 0;
            for (SearchHit h : plain.hits()) if (h.id().endsWith("baroque.wav")) plainRank = h.rank();
            System.out.printf(Locale.ROOT, "A=415 theme: rank %d cost %.4f in the written key only; rank 1 cost %.4f with"
                    + " semitone neighbours%n", plainRank, plain.hits().stream().filter(h -> h.id().endsWith("baroque.wav"))
                    .findFirst().map(SearchHit::cost).orElse(Double.NaN), near.hits().get(0).cost());
            // the in-tune theme is unaffected by the neighbours: same top hit, cost and span
            FeatureSequence q3 = query(3, 120.0);
            SearchHit a = s.search(q3, SearchOptions.defaults().withNeighbours(false)).hits().get(0);
            SearchHit b = s.search(q3, SearchOptions.defaults().withNeighbours(true)).hits().get(0);
            assertTrue(a.id().endsWith("intune.wav"));
            assertEquals(a.id(), b.id());
            assertEquals(a.cost(), b.cost(), 1e-9);
            assertEquals(0, b.transposition());
        }
    }

    /** Transposition as a signed shift, as the query command prints it. */
    private static final class QueryShift {
        static int signed(int shift) {
            return shift > 6 ? shift - 12 : shift;
        }
    }
}
