package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;

/**
 * The beat annotations of an ASAP score MIDI or performance ({@code *_annotations.txt}).
 *
 * <p>Each line holds the time in seconds twice, then a label {@code TYPE[,TIME_SIGNATURE[,KEY]]} where
 * {@code TYPE} is {@code db} (downbeat), {@code b} (beat) or {@code bR} (beat of uncertain position). The files
 * of a score and of its performances list the same beats line by line, so line {@code i} of a performance is
 * the performed time of line {@code i} of the score (Foscarin et al., ISMIR 2020, dataset README).
 */
public record BeatAnnotations(double[] seconds, List<String> types) {

    /** One annotated beat. */
    public record Beat(double seconds, String type) {}

    /** Reads an annotation file; every line must have a time and a label. */
    public static BeatAnnotations read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file, "annotation file not found");
        List<String> lines = Files.readAllLines(file);
        List<Double> times = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            if (f.length < 3) throw new InputException(file, "line " + (i + 1) + ": expected TIME<tab>TIME<tab>LABEL");
            try {
                times.add(Double.parseDouble(f[0].strip()));
            } catch (NumberFormatException e) {
                throw new InputException(file, "line " + (i + 1) + ": time is not a number: '" + f[0] + "'");
            }
            types.add(f[2].split(",")[0].strip());
        }
        double[] t = new double[times.size()];
        for (int i = 0; i < t.length; i++) t[i] = times.get(i);
        return new BeatAnnotations(t, List.copyOf(types));
    }

    /** Number of annotated beats (lines). */
    public int size() {
        return seconds.length;
    }

    /** Whether beat {@code i} is a downbeat (the first beat of a measure). */
    public boolean isDownbeat(int i) {
        return "db".equals(types.get(i));
    }

    /** Time of beat {@code i}, seconds. */
    public double time(int i) {
        return seconds[i];
    }

    /** The same beats with every time multiplied by {@code factor} (a performance played {@code factor} times slower). */
    public BeatAnnotations scaled(double factor) {
        double[] t = new double[seconds.length];
        for (int i = 0; i < t.length; i++) t[i] = seconds[i] * factor;
        return new BeatAnnotations(t, types);
    }
}
