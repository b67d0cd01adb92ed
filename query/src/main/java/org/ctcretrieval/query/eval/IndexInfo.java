package org.ctcretrieval.query.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Facts about the searched index, reported next to the metrics and used by {@link BenchmarkTable}.
 *
 * @param featureId    feature the index holds ({@code cqt}, {@code cens} or a model ID)
 * @param recordings   number of indexed recordings
 * @param sizeBytes    total size of the index folder on disk, bytes
 * @param buildSeconds wall-clock time it took to build the index, seconds (empty if unknown)
 */
public record IndexInfo(String featureId, int recordings, long sizeBytes, OptionalDouble buildSeconds) {

    /** Total size in bytes of the regular files below {@code folder}. */
    public static long sizeOnDisk(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            long total = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) total += Files.size(p);
            }
            return total;
        }
    }
}
