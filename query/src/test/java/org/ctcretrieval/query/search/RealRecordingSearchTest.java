package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.testdata.SignalGenerator;
import org.ctcretrieval.testdata.WavWriter;
import org.ctcretrieval.testdata.themes.ThemeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-entered opening of Beethoven's Fifth (MusicXML) searched in a collection holding the real orchestral
 * recording of it, the real piano recording of Op. 2 no. 2 and two synthesized distractors, with deep chroma.
 *
 * <p>Where the theme is played (read off the recording's HCQT): the first G starts at about 0.15 s, the held E-flat
 * runs to about 3.2 s, the held D from about 3.85 s to the end of the clip (6.4 s).
 */
class RealRecordingSearchTest {
    @TempDir Path dir;

    private static final double THEME_START = 0.15;
    private static final double D_ONSET = 3.85;
    private static final double CLIP_END = 6.41;

    @Test
    void beethovenThemeFindsTheOrchestraRecordingFirstAtTheRightTime() throws Exception {
        Path audio = Files.createDirectories(dir.resolve("audio"));
        for (String name : new String[] {"Beethoven_Op067-01_DavidHighSchool.wav", "Beethoven_Op002-2-01_Pitman.wav"}) {
            Files.copy(SharedData.require(SharedData.exampleAudio().resolve(name), "example recording"),
                    audio.resolve(name));
        }
        // Distractors: a C-major cadence and an E-flat major arpeggio (shares pitch classes with the theme).
        float[] cadence = SignalGenerator.concat(
                SignalGenerator.chord(new int[] {60, 64, 67}, new double[] {1, 0.5, 0.3}, 1.5, 22050),
                SignalGenerator.chord(new int[] {65, 69, 72}, new double[] {1, 0.5, 0.3}, 1.5, 22050),
                SignalGenerator.chord(new int[] {67, 71, 74}, new double[] {1, 0.5, 0.3}, 1.5, 22050),
                SignalGenerator.chord(new int[] {60, 64, 67}, new double[] {1, 0.5, 0.3}, 1.5, 22050));
        WavWriter.write(audio.resolve("cadence.wav"), 22050, WavWriter.Encoding.PCM_16, cadence);
        float[] arpeggio = SignalGenerator.concat(
                SignalGenerator.chord(new int[] {63}, new double[] {1, 0.5}, 1.0, 22050),
                SignalGenerator.chord(new int[] {67}, new double[] {1, 0.5}, 1.0, 22050),
                SignalGenerator.chord(new int[] {70}, new double[] {1, 0.5}, 1.0, 22050),
                SignalGenerator.chord(new int[] {75}, new double[] {1, 0.5}, 2.0, 22050));
        WavWriter.write(audio.resolve("arpeggio.wav"), 22050, WavWriter.Encoding.PCM_16, arpeggio);

        Path index = dir.resolve("index");
        FeatureExtractor extractor = FeatureExtractors.discover().create("v2_ctc_train345valid1");
        new CollectionIndexer(index, extractor,
                IndexSchema.forFeatures(extractor.id(), extractor.frameRate(), 12),
                CollectionIndexer.Options.defaults().withProgress(false)).index(audio);

        Path theme = ThemeFixtures.copy(ThemeFixtures.BEETHOVEN5, dir);
        FeatureSequence query = ScoreChroma.query(theme, ScoreSelection.ALL);
        try (ThemeSearcher searcher = ThemeSearcher.open(index)) {
            SearchResult indexed = searcher.search(query, SearchOptions.defaults().withTop(4));
            SearchResult exhaustive = searcher.search(query, SearchOptions.defaults().withTop(4).withExhaustive(true));
            assertEquals(4, exhaustive.hits().size(), "exhaustive search ranks every recording");
            for (SearchResult result : new SearchResult[] {indexed, exhaustive}) {
                SearchHit best = result.hits().get(0);
                assertTrue(best.id().endsWith("Beethoven_Op067-01_DavidHighSchool.wav"), best.id());
                assertEquals(THEME_START, best.startSeconds(), 1.0, "match starts where the theme starts");
                // The last note is a held D: any end inside it matches equally well.
                assertTrue(best.endSeconds() > D_ONSET && best.endSeconds() <= CLIP_END + 0.1,
                        "match ends inside the held D: " + best.endSeconds());
            }
            double best = exhaustive.hits().get(0).cost();
            double runnerUp = exhaustive.hits().get(1).cost();
            assertTrue(best < 0.5 * runnerUp, "clear margin: " + best + " vs " + runnerUp);
        }
    }
}
