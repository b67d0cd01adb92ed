package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piece discovery in the ASAP layout. */
class DatasetPiecesTest {
    @TempDir Path dir;

    @Test
    void asapPiecesWithOneFolderPerTitle() throws IOException {
        List<DatasetPieces.Piece> pieces = DatasetPieces.scan(
                SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset subset"));
        DatasetPieces.Piece fugue = pieces.stream().filter(p -> p.name().equals("Bach_Fugue_bwv_848")).findFirst().orElseThrow();
        assertEquals("Bach/Fugue/bwv_848", fugue.relativePath());
        // 10 MIDI files in the folder: midi_score.mid and 9 performances (Denisova06M ... Zhou01M)
        assertEquals(9, fugue.performances().size());
        assertEquals("Denisova06M", fugue.performances().get(0).performer());
        // metadata.csv gives 17-1 (4 performances) and 17-1_no_repeat (11) the same title: the larger is kept
        assertTrue(pieces.stream().anyMatch(p -> p.name().equals("Beethoven_Piano_Sonatas_17-1_no_repeat")));
        assertFalse(pieces.stream().anyMatch(p -> p.name().equals("Beethoven_Piano_Sonatas_17-1")));
    }

    @Test
    void anyFolderOfTheSameLayoutWorksWithoutMetadata() throws IOException {
        Path piece = Files.createDirectories(dir.resolve("Comp/Set/No1"));
        for (String f : List.of("xml_score.mxl", "midi_score.mid", "midi_score_annotations.txt", "A.mid",
                "A_annotations.txt", "B.mid", "B_annotations.txt", "C.mid")) {
            Files.writeString(piece.resolve(f), "x");
        }
        List<DatasetPieces.Piece> pieces = DatasetPieces.scan(dir);
        assertEquals(1, pieces.size());
        assertEquals("Comp_Set_No1", pieces.get(0).name());
        // C.mid has no annotations: not a usable performance
        assertEquals(List.of("A", "B"), pieces.get(0).performances().stream().map(DatasetPieces.Performance::performer).toList());
    }

    @Test
    void folderWithoutPiecesIsAnInputError() throws IOException {
        InputException e = assertThrows(InputException.class, () -> DatasetPieces.scan(dir));
        assertTrue(e.getMessage().contains("no piece folders"), e.getMessage());
        Path missing = dir.resolve("nope");
        e = assertThrows(InputException.class, () -> DatasetPieces.scan(missing));
        assertEquals(missing + ": dataset folder not found", e.getMessage());
    }
}
