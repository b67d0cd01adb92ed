package org.ctcretrieval.common.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    @Test
    void failedWriteLeavesOldContentAndNoTemporaryFile() throws Exception {
        Path target = Files.writeString(dir.resolve("f.csv"), "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary file removed");
        }
    }

    @Test
    void successfulWriteReplacesContent() throws Exception {
        Path target = Files.writeString(dir.resolve("f.csv"), "old");
        AtomicFile.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void newFilesGetTheUmaskModesNotPrivateOnes() throws Exception {
        Path reference = Files.createFile(dir.resolve("reference"));
        Path target = dir.resolve("out.npz");
        AtomicFile.write(target, out -> out.write(1));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamedWithTheTargetAndTheReason() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        Path target = blocker.resolve("out.npz");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> out.write(1)));
        assertTrue(e.getMessage().startsWith(target + ": cannot write ("), e.getMessage());
        assertFalse(e.getMessage().contains(".part"), e.getMessage());
    }

    @Test
    void aFolderThatRefusesFilesIsNamedWithTheTargetNotTheTemporaryFile() {
        // /proc refuses new files even to root (tests may run as root, for whom folder modes do not count)
        Path target = Path.of("/proc/x.npz");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> out.write(1)));
        assertTrue(e.getMessage().startsWith("/proc/x.npz: cannot write ("), e.getMessage());
        assertFalse(e.getMessage().contains(".part"), e.getMessage());
    }
}
