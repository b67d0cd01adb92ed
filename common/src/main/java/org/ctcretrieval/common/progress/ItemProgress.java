package org.ctcretrieval.common.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of a command over a list of files, told truthfully wherever stderr goes: on a terminal a progress bar
 * that also shows the seconds of audio decoded so far (so a long recording visibly moves); elsewhere (a log file,
 * a pipe, CI) no bar and no escape codes, but one plain line per finished file. {@link #none()} shows nothing.
 * Thread-safe: workers report audio seconds, the thread that collects results reports finished files.
 */
public final class ItemProgress implements AutoCloseable, AudioProgress.Listener {
    private final ProgressBar bar;
    private final PrintStream lines;
    private final int total;
    private final String task;
    private final DoubleAdder audioSeconds = new DoubleAdder();
    private volatile String phase = "";
    private int done;

    private ItemProgress(ProgressBar bar, PrintStream lines, int total, String task) {
        this.task = task;
        this.bar = bar;
        this.lines = lines;
        this.total = total;
    }

    /** Shows nothing. */
    public static ItemProgress none() {
        return new ItemProgress(null, null, 0, "");
    }

    /**
     * Progress over {@code total} files on stderr: a bar if stderr is a terminal ({@link Terminal}), else lines.
     *
     * @param task name shown in front of the bar, e.g. "index"
     */
    public static ItemProgress onStderr(String task, int total) {
        return on(System.err, task, total, " files");
    }

    /**
     * Progress over {@code total} items of {@code unit} (e.g. " queries") on {@code stream}: a bar if it is stderr
     * and stderr is a terminal, else lines.
     */
    public static ItemProgress on(PrintStream stream, String task, int total, String unit) {
        if (stream == System.err && Terminal.stderrIsTerminal()) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, 1)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            return new ItemProgress(bar, null, total, task);
        }
        return new ItemProgress(null, stream, total, task);
    }

    /** In a log, a line every this many seconds of audio decoded, so that a long recording shows it is moving. */
    static final double LOG_EVERY_AUDIO_SECONDS = 1800;
    private double loggedAudio;

    /** Seconds of audio decoded by some worker. */
    @Override
    public void decoded(double seconds) {
        audioSeconds.add(seconds);
        if (bar != null) {
            bar.setExtraMessage(message());
        } else if (lines != null) {
            synchronized (this) {
                double now = audioSeconds.sum();
                if (now - loggedAudio >= LOG_EVERY_AUDIO_SECONDS) {
                    loggedAudio = now;
                    lines.printf(Locale.ROOT, "%s: %s of audio decoded%n", task, clock(now));
                    lines.flush();
                }
            }
        }
    }

    /** Warnings are collected by the caller, not shown here. */
    @Override
    public void warning(String message) {}

    /** A file is finished; {@code line} says what happened to it (shown as a line when there is no bar). */
    public synchronized void itemDone(String line) {
        done++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(message());
        } else if (lines != null) {
            lines.printf(Locale.ROOT, "[%d/%d] %s%n", done, total, line);
            lines.flush();
        }
    }

    /**
     * An item is finished, without a line of its own: for many small items (queries), where a log gets one line
     * per tenth of the work instead.
     */
    public synchronized void step() {
        done++;
        if (bar != null) {
            bar.step();
        } else if (lines != null && total > 0 && (done == total || done * 10 / total != (done - 1) * 10 / total)) {
            lines.printf(Locale.ROOT, "%s: %d/%d%n", task, done, total);
            lines.flush();
        }
    }

    /** A step after the files, e.g. "merging segments". */
    public synchronized void phase(String what) {
        phase = what;
        if (bar != null) {
            bar.setExtraMessage(message());
        } else if (lines != null) {
            lines.println(what);
            lines.flush();
        }
    }

    /** Seconds of audio decoded so far. */
    public double audioSeconds() {
        return audioSeconds.sum();
    }

    private String message() {
        String audio = "audio " + clock(audioSeconds.sum());
        return phase.isEmpty() ? audio : audio + ", " + phase;
    }

    /** H:MM:SS. */
    public static String clock(double seconds) {
        long s = (long) Math.floor(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
