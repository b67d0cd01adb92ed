package org.ctcretrieval.query.audio;

import org.ctcretrieval.common.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.audio.AudioSignal;

/**
 * Reads the audio of a query (a recorded excerpt or a hummed theme) and refuses what cannot be a query, before any
 * index is opened: a missing or oversized file, a span outside the recording, less than
 * {@link #MIN_SECONDS} of audio, or silence.
 */
public final class QueryAudio {
    /** Largest query file accepted: 64 MiB (about 6 minutes of CD-quality WAV). */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** Shortest query: 1 s. Shorter excerpts carry too few notes to tell recordings apart. */
    public static final double MIN_SECONDS = 1.0;
    /**
     * A query whose RMS level stays below this (dBFS, about the noise floor of a quiet room recorded with a laptop
     * microphone at moderate gain) is treated as silent.
     */
    public static final double SILENCE_DBFS = -60;

    private QueryAudio() {}

    /**
     * Loads {@code file} (any format the audio decoder reads) at {@link AudioLoader#PRODUCT_RATE} and cuts the span.
     *
     * @param span which part of the file is the query
     * @throws InputException naming the file and the problem
     */
    public static AudioSignal load(Path file, AudioSpan span) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file, "query audio file not found");
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InputException(file, String.format(Locale.ROOT,
                    "query audio file is %.1f MiB; the limit is %d MiB (cut the excerpt first)", size / 1048576.0,
                    MAX_FILE_BYTES >> 20));
        }
        AudioSignal whole;
        try {
            whole = AudioLoader.load(file);
        } catch (InputException e) {
            if (e.getMessage() != null && e.getMessage().contains("silence")) throw new InputException(file, "query is silent");
            throw e;
        }
        AudioSignal cut = span.cut(whole);
        double seconds = cut.durationSeconds();
        if (seconds < MIN_SECONDS) {
            throw new InputException(file, String.format(Locale.ROOT,
                    "query is %.2f s long; at least %.0f s of audio is needed", seconds, MIN_SECONDS));
        }
        if (rmsDbfs(cut.samples()) < SILENCE_DBFS) {
            throw new InputException(file, String.format(Locale.ROOT, "query is silent (level below %.0f dBFS)%s",
                    SILENCE_DBFS, span.isWhole() ? "" : " in " + span));
        }
        return cut;
    }

    /** Root mean square level in dB relative to full scale; -infinity for digital silence. */
    static double rmsDbfs(float[] samples) {
        double sum = 0;
        for (float v : samples) sum += (double) v * v;
        return 10 * Math.log10(sum / Math.max(1, samples.length));
    }

    /** The part of a query file to use, in seconds; {@code to} may be infinite (to the end). */
    public record AudioSpan(double from, double to) {
        public static final AudioSpan WHOLE = new AudioSpan(0, Double.POSITIVE_INFINITY);

        public AudioSpan {
            if (!(from >= 0) || Double.isInfinite(from)) throw new UsageException("span start must be >= 0 seconds: " + from);
            if (!(to > from)) throw new UsageException("span end must be after its start: " + from + " - " + to);
        }

        /**
         * Parses {@code FROM-TO} in seconds ({@code 12.5-22}); either side may be empty ({@code -10}, {@code 5-});
         * an empty text is the whole file.
         */
        public static AudioSpan parse(String text) {
            String t = text.strip();
            if (t.isEmpty()) return WHOLE;
            int dash = t.indexOf('-');
            if (dash < 0) throw new UsageException("audio span must be FROM-TO in seconds, e.g. 12.5-22: '" + text + "'");
            try {
                String a = t.substring(0, dash).strip();
                String b = t.substring(dash + 1).strip();
                return new AudioSpan(a.isEmpty() ? 0 : Double.parseDouble(a), b.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(b));
            } catch (NumberFormatException e) {
                throw new UsageException("audio span must be FROM-TO in seconds, e.g. 12.5-22: '" + text + "'");
            }
        }

        /** From the command line's {@code --from}/{@code --to} (null = file start / end). */
        public static AudioSpan of(Double from, Double to) {
            return new AudioSpan(from == null ? 0 : from, to == null ? Double.POSITIVE_INFINITY : to);
        }

        public boolean isWhole() {
            return from == 0 && Double.isInfinite(to);
        }

        /** The samples of this span; the end is clipped to the signal. */
        AudioSignal cut(AudioSignal s) throws InputException {
            if (isWhole()) return s;
            int rate = s.sampleRate();
            if (from >= s.durationSeconds()) {
                throw new InputException(s.source(), String.format(Locale.ROOT,
                        "query span starts at %.2f s, but the recording is only %.2f s long", from, s.durationSeconds()));
            }
            int a = (int) Math.round(from * rate);
            int b = (int) Math.min(s.length(), Math.round(Math.min(to, 1e7) * rate));
            return new AudioSignal(Arrays.copyOfRange(s.samples(), a, b), rate, s.source());
        }

        /** {@code FROM-TO} as {@link #parse} reads it. */
        @Override
        public String toString() {
            return fmt(from) + "-" + (Double.isInfinite(to) ? "" : fmt(to));
        }

        private static String fmt(double v) {
            String s = String.format(Locale.ROOT, "%.3f", v);
            return s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
    }
}
