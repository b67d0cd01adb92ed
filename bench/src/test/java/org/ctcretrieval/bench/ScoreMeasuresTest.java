package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measure structure of a small hand-written two-staff score. */
class ScoreMeasuresTest {
    @TempDir Path dir;

    // divisions = 2 per quarter; 3/4 time.
    // m0 (pickup, implicit): one quarter on staff 1                           -> length 1 quarter
    // m1: staff 1 dotted half (6) as a C-E chord + grace note; backup 6; staff 2 half (4) + rest quarter (2) -> 3
    // m2: staff 1 quarter; forward 4 -> 3 quarters; backward repeat barline
    // m3: empty measure -> length of the time signature, 3 quarters
    static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 3.1 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">
            <score-partwise version="3.1">
              <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
              <part id="P1">
                <measure number="0" implicit="yes">
                  <attributes><divisions>2</divisions><time><beats>3</beats><beat-type>4</beat-type></time><staves>2</staves></attributes>
                  <note><pitch><step>G</step><octave>4</octave></pitch><duration>2</duration><staff>1</staff></note>
                </measure>
                <measure number="1">
                  <note><grace/><pitch><step>D</step><octave>5</octave></pitch><staff>1</staff></note>
                  <note><pitch><step>C</step><octave>5</octave></pitch><duration>6</duration><staff>1</staff></note>
                  <note><chord/><pitch><step>E</step><octave>5</octave></pitch><duration>6</duration><staff>1</staff></note>
                  <backup><duration>6</duration></backup>
                  <note><pitch><step>C</step><octave>3</octave></pitch><duration>4</duration><staff>2</staff></note>
                  <note><rest/><duration>2</duration><staff>2</staff></note>
                </measure>
                <measure number="2">
                  <note><pitch><step>C</step><octave>5</octave></pitch><duration>2</duration><staff>1</staff></note>
                  <forward><duration>4</duration></forward>
                  <barline location="right"><bar-style>light-heavy</bar-style><repeat direction="backward"/></barline>
                </measure>
                <measure number="3"/>
              </part>
            </score-partwise>
            """;

    @Test
    void readsStartsLengthsRepeatsAndNotesPerStaff() throws IOException {
        Path f = Files.writeString(dir.resolve("s.musicxml"), XML);
        check(ScoreMeasures.read(f));
    }

    @Test
    void readsCompressedMusicXml() throws IOException {
        Path mxl = dir.resolve("s.mxl");
        try (OutputStream os = Files.newOutputStream(mxl); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("META-INF/container.xml"));
            zip.write("""
                    <container><rootfiles><rootfile full-path="inner/score.xml"/></rootfiles></container>
                    """.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("inner/score.xml"));
            zip.write(XML.strip().getBytes(StandardCharsets.UTF_8));
        }
        check(ScoreMeasures.read(mxl));
    }

    private static void check(ScoreMeasures s) {
        assertEquals("P1", s.partId());
        assertEquals(2, s.staves());
        assertEquals(4, s.measures().size());
        double[] starts = s.measures().stream().mapToDouble(ScoreMeasures.Measure::startQuarters).toArray();
        double[] lengths = s.measures().stream().mapToDouble(ScoreMeasures.Measure::lengthQuarters).toArray();
        assertArrayEquals(new double[] {0, 1, 4, 7}, starts, 1e-12);
        assertArrayEquals(new double[] {1, 3, 3, 3}, lengths, 1e-12);
        assertTrue(s.measures().get(0).implicit());
        assertFalse(s.measures().get(1).implicit());
        assertFalse(s.measures().get(1).repeatsOrJumps());
        assertTrue(s.measures().get(2).repeatsOrJumps());
        // m1: C and E on staff 1 (grace note not counted), C on staff 2 (rest not counted)
        assertArrayEquals(new int[] {2, 1}, s.measures().get(1).notesPerStaff());
        assertEquals(3, s.measures().get(1).notes());
        assertEquals(0, s.measures().get(3).notes());
        assertEquals(3, s.measures().get(3).numberValue());
    }

    @Test
    void notMusicXmlIsAnInputError() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.mxl"), "not a zip");
        InputException e = assertThrows(InputException.class, () -> ScoreMeasures.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        Path t = Files.writeString(dir.resolve("t.xml"), "<score-timewise/>");
        e = assertThrows(InputException.class, () -> ScoreMeasures.read(t));
        assertTrue(e.getMessage().contains("only score-partwise"), e.getMessage());
    }
}
