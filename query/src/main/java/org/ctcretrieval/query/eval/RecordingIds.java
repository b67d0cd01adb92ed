package org.ctcretrieval.query.eval;

import org.ctcretrieval.common.UsageException;
import java.nio.file.Path;

/**
 * The rule that names recordings in query files and rankings.
 *
 * <p>A recording ID is the audio file's path relative to the indexed audio folder, with {@code /} as separator
 * and without the file extension: {@code audio/Bach_Fugue_bwv_848/Lee01M.wav} indexed from {@code audio/} has
 * the ID {@code Bach_Fugue_bwv_848/Lee01M}.
 */
public final class RecordingIds {
    private RecordingIds() {}

    /**
     * The ID of {@code file} indexed from {@code audioRoot}.
     *
     * @throws IllegalArgumentException if {@code file} is not inside {@code audioRoot}
     */
    public static String of(Path audioRoot, Path file) {
        Path root = audioRoot.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(root)) throw new UsageException(file + " is not inside " + audioRoot);
        StringBuilder id = new StringBuilder();
        Path rel = root.relativize(f);
        for (int i = 0; i < rel.getNameCount(); i++) {
            if (i > 0) id.append('/');
            id.append(rel.getName(i));
        }
        int slash = id.lastIndexOf("/");
        int dot = id.lastIndexOf(".");
        if (dot > slash + 1) id.setLength(dot);
        return id.toString();
    }
}
