package org.ctcretrieval.query.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Writes a 12-bin chroma sequence as CSV: a header {@code time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B}, then one row per
 * frame with the frame time in seconds ({@link FeatureSequence#timeOf}) and the 12 values.
 */
final class ChromaCsvWriter {
    private static final String HEADER = "time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B";

    private ChromaCsvWriter() {}

    static void write(FeatureSequence chroma, Path out) throws IOException {
        if (chroma.dimension() != 12) {
            throw new IllegalArgumentException("expected 12 chroma bins, got " + chroma.dimension());
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
            for (int t = 0; t < chroma.length(); t++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.4f", chroma.timeOf(t)));
                for (float v : chroma.frame(t)) row.append(',').append(String.format(Locale.ROOT, "%.6f", v));
                w.write(row.toString());
                w.newLine();
            }
        }
    }
}
