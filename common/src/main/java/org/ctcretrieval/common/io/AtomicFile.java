package org.ctcretrieval.common.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.ctcretrieval.common.InputException;

/**
 * Writes a file so that readers see either the previous content or the complete new content, never a partial file:
 * the bytes go to a temporary file in the same folder, which is flushed to disk and then moved over the target
 * (atomically where the file system supports it). Missing parent folders are created.
 *
 * <p>The file gets the modes of any new file (0666 less the umask, as {@code touch} makes it), so a web server or
 * another user can read it where the umask allows; {@link Files#createTempFile} would make it private (0600).
 * Failures of the file system name the target, not the temporary file, and the reason (e.g. "permission denied").
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with the bytes produced by {@code content}. */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp;
        FileChannel ch;
        try {
            Files.createDirectories(dir);
            tmp = dir.resolve("." + abs.getFileName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".part");
            // no explicit attributes: the operating system applies the umask to 0666
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
        boolean moved = false;
        try {
            try (ch; OutputStream out = new BufferedOutputStream(new NamingErrors(java.nio.channels.Channels.newOutputStream(ch), target), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                try {
                    ch.force(true);
                } catch (IOException e) {
                    throw cannotWrite(target, e);
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw cannotWrite(target, e);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** "TARGET: cannot write (reason)", the reason without the temporary file's name. */
    static InputException cannotWrite(Path target, IOException e) {
        if (e instanceof InputException ie) return ie;
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied (the folder " + target.toAbsolutePath().getParent() + " is not writable)";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else if (e instanceof FileSystemException) {
            reason = e.getClass().getSimpleName();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new InputException(target, "cannot write (" + reason + ")", e);
    }

    /** Gives write errors of the file (e.g. a full disk) the target's name. */
    private static final class NamingErrors extends FilterOutputStream {
        private final Path target;

        NamingErrors(OutputStream out, Path target) {
            super(out);
            this.target = target;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw cannotWrite(target, e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw cannotWrite(target, e);
            }
        }
    }
}
