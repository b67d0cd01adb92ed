package org.ctcretrieval.common.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {
    @TempDir Path dir;

    @Test
    void listsAudioFilesRecursivelySortedSkippingOthersAndHidden() throws Exception {
        Files.createDirectories(dir.resolve("b/deeper"));
        Files.createDirectories(dir.resolve(".cache"));
        for (String name : new String[] {"b/deeper/z.FLAC", "b/a.mp3", "a.wav", "c.Opus", "notes.txt", "score.mxl",
                "._a.wav", ".cache/x.wav", "b/y.m4a", "d.aiff", "e.au", "f.ogg", "g.oga", "h.aac", "i.wma", "j.aif"}) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.createDirectories(dir.resolve("folder.wav"));
        List<Path> found = AudioFiles.list(dir);
        List<String> rel = found.stream().map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
        assertEquals(List.of("a.wav", "b/a.mp3", "b/deeper/z.FLAC", "b/y.m4a", "c.Opus", "d.aiff", "e.au", "f.ogg",
                "g.oga", "h.aac", "i.wma", "j.aif"), rel);
    }

    @Test
    void badFolder() throws Exception {
        InputException e = assertThrows(InputException.class, () -> AudioFiles.list(dir.resolve("missing")));
        assertTrue(e.getMessage().endsWith("missing: folder not found"), e.getMessage());
        Path file = Files.writeString(dir.resolve("x.wav"), "x");
        e = assertThrows(InputException.class, () -> AudioFiles.list(file));
        assertTrue(e.getMessage().endsWith("x.wav: is not a folder"), e.getMessage());
    }

    @Test
    void expandKeepsNamedFilesAndListsFolders() throws Exception {
        Files.createDirectories(dir.resolve("f"));
        Path b = Files.writeString(dir.resolve("f/b.mp3"), "x");
        Path a = Files.writeString(dir.resolve("f/a.wav"), "x");
        Path named = Files.writeString(dir.resolve("take.raw"), "x");
        assertEquals(List.of(named, a, b), AudioFiles.expand(List.of(named, dir.resolve("f"), a)));
        InputException e = assertThrows(InputException.class,
                () -> AudioFiles.expand(List.of(dir.resolve("gone.wav"))));
        assertTrue(e.getMessage().endsWith("gone.wav: file not found"), e.getMessage());
    }
}
