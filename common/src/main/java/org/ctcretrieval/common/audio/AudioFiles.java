package org.ctcretrieval.common.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctcretrieval.common.InputException;

/** Finds audio recordings in a folder tree by file extension. */
public final class AudioFiles {
    private AudioFiles() {}

    /** Extensions (lower case, without the dot) treated as audio: wav, aif, aiff, au, mp3, flac, ogg, oga, opus,
     * m4a, aac, wma. */
    public static final Set<String> EXTENSIONS =
            Set.of("wav", "aif", "aiff", "au", "mp3", "flac", "ogg", "oga", "opus", "m4a", "aac", "wma");

    /** Whether the file name has one of {@link #EXTENSIONS} (case-insensitive). */
    public static boolean hasAudioExtension(Path file) {
        return EXTENSIONS.contains(AudioDecoder.extension(file));
    }

    /**
     * Lists the audio files below {@code folder} (recursively), sorted by path. Hidden files and folders (name starting
     * with '.', e.g. macOS "._x.wav" resource forks) are skipped; symbolic links to folders are not followed.
     *
     * @throws InputException if {@code folder} does not exist, is not a folder or cannot be listed
     */
    public static List<Path> list(Path folder) throws InputException {
        if (!Files.exists(folder)) throw new InputException(folder, "folder not found");
        if (!Files.isDirectory(folder)) throw new InputException(folder, "is not a folder");
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !hidden(folder, p))
                    .filter(Files::isRegularFile)
                    .filter(AudioFiles::hasAudioExtension)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(folder, "cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Expands command-line inputs: a folder contributes its audio files ({@link #list}), a file is taken as given
     * (whatever its extension, since the user named it). Order: inputs in the given order, each folder's files
     * sorted; a file named twice is kept once.
     *
     * @throws InputException if an input does not exist
     */
    public static List<Path> expand(List<Path> inputs) throws InputException {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                out.addAll(list(p));
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new InputException(p, "file not found");
            }
        }
        return List.copyOf(out);
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }
}
