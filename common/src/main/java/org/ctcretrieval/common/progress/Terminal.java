package org.ctcretrieval.common.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the standard error stream is an interactive terminal. Progress bars and their escape codes belong there
 * only; when stderr goes to a file or a pipe (a log, CI), commands print one plain line per finished item instead.
 *
 * <p>Java has no {@code isatty(2)}: on Linux the target of {@code /proc/self/fd/2} tells (a terminal is a
 * {@code /dev/pts/N} or {@code /dev/ttyN}); elsewhere {@link System#console()} (stdin and stdout interactive)
 * stands in. {@code TERM=dumb} or the system property {@code ctcr.terminal=false} turn the bars off, and
 * {@code ctcr.terminal=true} turns them on.
 */
public final class Terminal {
    private Terminal() {}

    /** True if stderr is an interactive terminal that can show a progress bar. */
    public static boolean stderrIsTerminal() {
        String forced = System.getProperty("ctcr.terminal");
        if (forced != null) return Boolean.parseBoolean(forced);
        String term = System.getenv("TERM");
        if (term != null && term.toLowerCase(Locale.ROOT).equals("dumb")) return false;
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(Path.of("/proc/self/fd"))) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
