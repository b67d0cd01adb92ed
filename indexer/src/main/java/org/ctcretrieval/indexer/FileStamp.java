package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Size and modification time of a file, stored with its recording: a file whose stamp is unchanged is taken as
 * unchanged without reading it (as rsync and make do); only a changed stamp leads to hashing its content.
 *
 * @param size         bytes
 * @param modifiedMillis last modification, milliseconds since the epoch
 */
public record FileStamp(long size, long modifiedMillis) {
    /** Stored field (numeric doc value, updatable in place) with the file's size. */
    public static final String FIELD_SIZE = "file_size";
    /** Stored field (numeric doc value, updatable in place) with the file's modification time in milliseconds. */
    public static final String FIELD_MODIFIED = "file_modified";

    /** The stamp of {@code file} now. */
    public static FileStamp of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(a.size(), a.lastModifiedTime().toMillis());
    }
}
