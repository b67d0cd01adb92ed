package org.ctcretrieval.common.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Writes a feature sequence as CSV: a header line, then one line per frame with the frame time in seconds and the
 * feature values. 12-dimensional sequences get the header {@code time,C,C#,D,D#,E,F,F#,G,G#,A,A#,B}; others
 * {@code time,d0,d1,...}. Numbers are written with {@link Float#toString(float)}, which reads back to the identical
 * float32 value; lines end with {@code \n}. The file is written atomically ({@link AtomicFile}).
 */
public final class CsvFeatureWriter {
    private CsvFeatureWriter() {}

    /** Pitch-class names of the 12 chroma dimensions, C first. */
    public static final List<String> CHROMA_LABELS =
            List.of("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B");

    /** The header line (without line end) used for sequences of {@code dimension} values. */
    public static String header(int dimension) {
        StringBuilder sb = new StringBuilder("time");
        for (int d = 0; d < dimension; d++) {
            sb.append(',').append(dimension == 12 ? CHROMA_LABELS.get(d) : "d" + d);
        }
        return sb.toString();
    }

    /** Writes {@code features} to {@code file} (replacing it); frame {@code t} has time {@code t / frameRate}. */
    public static void write(Path file, FeatureSequence features) throws IOException {
        float[] time = features.timeAxis();
        int dim = features.dimension();
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(header(dim));
            w.write('\n');
            StringBuilder line = new StringBuilder();
            for (int t = 0; t < features.length(); t++) {
                line.setLength(0);
                line.append(time[t]);
                for (float v : features.frame(t)) line.append(',').append(v);
                line.append('\n');
                w.write(line.toString());
            }
            w.flush();
        });
    }
}
