package org.ctcretrieval.common.audio;

import java.util.Locale;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Location of the {@code ffmpeg} and {@code ffprobe} executables used to decode MP3, FLAC, Ogg Vorbis/Opus, M4A/AAC,
 * WMA and any other format Java Sound cannot read.
 *
 * <p>{@link #locate()} uses, in order: the system property {@code ctcr.ffmpeg}, the environment variable
 * {@code CTCR_FFMPEG} (either is the path of the {@code ffmpeg} executable; {@code ffprobe} is expected next to
 * it), then the first {@code ffmpeg} on {@code PATH}.
 */
public final class Ffmpeg {
    private final Path ffmpeg;
    private final Path ffprobe;

    private Ffmpeg(Path ffmpeg, Path ffprobe) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
    }

    /** ffmpeg at the given executable path, with {@code ffprobe} in the same folder (they need not exist). */
    public static Ffmpeg at(Path ffmpegExecutable) {
        Path dir = ffmpegExecutable.toAbsolutePath().getParent();
        String probeName = ffmpegExecutable.getFileName().toString().replace("ffmpeg", "ffprobe");
        if (probeName.equals(ffmpegExecutable.getFileName().toString())) probeName = "ffprobe";
        return new Ffmpeg(ffmpegExecutable, dir == null ? Path.of(probeName) : dir.resolve(probeName));
    }

    /** The configured or installed ffmpeg (see the class description); it may be absent, see {@link #available()}. */
    public static Ffmpeg locate() {
        String prop = System.getProperty("ctcr.ffmpeg");
        if (prop != null && !prop.isBlank()) return at(Path.of(prop));
        String env = System.getenv("CTCR_FFMPEG");
        if (env != null && !env.isBlank()) return at(Path.of(env));
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String name = windows ? "ffmpeg.exe" : "ffmpeg";
        return onPath(name).map(Ffmpeg::at).orElseGet(() -> new Ffmpeg(Path.of(name), Path.of(
                windows ? "ffprobe.exe" : "ffprobe")));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Path of the ffmpeg executable. */
    public Path ffmpeg() {
        return ffmpeg;
    }

    /** Path of the ffprobe executable. */
    public Path ffprobe() {
        return ffprobe;
    }

    /** Whether both executables exist and are executable. */
    public boolean available() {
        return Files.isExecutable(ffmpeg) && Files.isExecutable(ffprobe);
    }
}
