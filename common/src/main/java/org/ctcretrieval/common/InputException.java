package org.ctcretrieval.common;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A user-supplied file that cannot be used. The message always names the file and what is wrong with it, so the
 * command line can print it as it is.
 */
public class InputException extends IOException {
    private final Path file;

    public InputException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public InputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
