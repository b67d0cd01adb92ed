package org.ctcretrieval.query.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Absolute recording paths to recording IDs. */
class RelativeIdSystemTest {
    @Test
    void pathsInsideTheAudioFolderBecomeRelativeIdsWithoutExtension() {
        RelativeIdSystem s = new RelativeIdSystem((q, settings) -> null, Path.of("/data/bench/audio"));
        assertEquals("Piece/Perf", s.relative("/data/bench/audio/Piece/Perf.wav"));
        assertEquals("Piece/Perf.take2", s.relative("/data/bench/audio/Piece/Perf.take2.flac"));
        assertEquals("/elsewhere/x.wav", s.relative("/elsewhere/x.wav"), "outside the folder: unchanged");
        assertEquals("Piece/Perf", s.relative("Piece/Perf"), "already an ID");
        assertEquals("Bach_Fugue_bwv_848/Lee01M",
                RecordingIds.of(Path.of("bench/audio"), Path.of("bench/audio/Bach_Fugue_bwv_848/Lee01M.wav")));
    }
}
