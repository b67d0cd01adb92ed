package org.ctcretrieval.indexer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Chroma as CSV text: one frame per line, {@code D} comma-separated numbers (C, C#, ..., B for chroma). An
 * optional first header line that does not start with a number is ignored. With {@code D + 1} columns the first
 * column is the frame time in seconds and the frame rate is taken from it (1 / median spacing); otherwise the rate
 * must be supplied.
 */
public final class ChromaCsv {
    private ChromaCsv() {}

    /**
     * Reads a chroma CSV file.
     *
     * @param file        the file
     * @param dimension   expected feature dimension D (12 for chroma)
     * @param defaultRate frame rate in Hz used when the file has no time column
     * @param featureId   feature ID of the returned sequence
     * @throws InputException naming the file and line if it is missing, empty or malformed
     */
    public static FeatureSequence read(Path file, int dimension, double defaultRate, String featureId) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        int columns = -1;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                line = line.strip();
                if (line.isEmpty()) continue;
                String[] parts = line.split("\\s*[,;\\t]\\s*");
                if (lineNo == 1 && !startsNumeric(parts[0])) continue; // header
                if (columns < 0) columns = parts.length;
                if (parts.length != columns || (columns != dimension && columns != dimension + 1)) {
                    throw new InputException(file, "line " + lineNo + ": expected " + dimension + " values (or time + "
                            + dimension + "), found " + parts.length);
                }
                int off = columns - dimension;
                float[] f = new float[dimension];
                try {
                    if (off == 1) times.add(Double.parseDouble(parts[0]));
                    for (int i = 0; i < dimension; i++) f[i] = Float.parseFloat(parts[off + i]);
                } catch (NumberFormatException e) {
                    throw new InputException(file, "line " + lineNo + ": not a number: " + e.getMessage());
                }
                for (float v : f) {
                    if (!Float.isFinite(v)) throw new InputException(file, "line " + lineNo + ": value is not finite");
                }
                rows.add(f);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file, "file does not exist");
        }
        if (rows.isEmpty()) throw new InputException(file, "no chroma frames in file");
        double rate = defaultRate;
        if (times.size() >= 2) {
            double[] gaps = new double[times.size() - 1];
            for (int i = 1; i < times.size(); i++) gaps[i - 1] = times.get(i) - times.get(i - 1);
            java.util.Arrays.sort(gaps);
            double g = gaps[gaps.length / 2];
            if (!(g > 0)) throw new InputException(file, "time column is not increasing");
            rate = 1.0 / g;
        }
        return new FeatureSequence(featureId, rate, rows.toArray(float[][]::new));
    }

    private static boolean startsNumeric(String s) {
        if (s.isEmpty()) return false;
        char c = s.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
    }
}
