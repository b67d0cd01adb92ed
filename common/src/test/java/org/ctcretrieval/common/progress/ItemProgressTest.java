package org.ctcretrieval.common.progress;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Away from a terminal, progress is plain lines: one per file, one per tenth of many small items, audio seconds. */
class ItemProgressTest {
    @Test
    void linesWithoutEscapeCodesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ItemProgress p = ItemProgress.on(log, "index", 2, " files")) {
            p.decoded(1000);
            p.decoded(900); // 1900 s in all: past the 30 minutes after which a log hears about long audio
            p.itemDone("a.wav: indexed");
            p.itemDone("b.wav: indexed");
            p.phase("merging");
        }
        assertEquals("index: 0:31:40 of audio decoded\n[1/2] a.wav: indexed\n[2/2] b.wav: indexed\nmerging\n",
                bytes.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream many = new ByteArrayOutputStream();
        try (ItemProgress p = ItemProgress.on(new PrintStream(many, true, StandardCharsets.UTF_8), "queries", 20, "")) {
            for (int i = 0; i < 20; i++) p.step();
        }
        String text = many.toString(StandardCharsets.UTF_8);
        assertEquals(10, text.lines().count(), text);
        assertTrue(text.endsWith("queries: 20/20\n"), text);
        assertFalse(text.contains("\u001b") || text.contains("\r"), "no escape codes or carriage returns");
    }
}
