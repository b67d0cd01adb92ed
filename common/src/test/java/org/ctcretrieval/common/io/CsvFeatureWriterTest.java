package org.ctcretrieval.common.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.features.FeatureSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFeatureWriterTest {
    @TempDir Path dir;

    @Test
    void chromaCsvHasHeaderAndOneExactRowPerFrame() throws Exception {
        float[][] f = new float[3][12];
        for (int t = 0; t < 3; t++) for (int c = 0; c < 12; c++) f[t][c] = (float) Math.sqrt(t + c / 7.0);
        Path csv = dir.resolve("a.csv");
        CsvFeatureWriter.write(csv, new FeatureSequence("cqt", 25, f));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B", lines.get(0));
        assertEquals(4, lines.size());
        for (int t = 0; t < 3; t++) {
            String[] cells = lines.get(t + 1).split(",");
            assertEquals(13, cells.length);
            assertEquals((float) (t / 25.0), Float.parseFloat(cells[0]));
            for (int c = 0; c < 12; c++) assertEquals(f[t][c], Float.parseFloat(cells[c + 1]), "exact float32");
        }
        assertEquals("time,d0,d1", CsvFeatureWriter.header(2));
    }
}
