package org.ctcretrieval.common.io;

import org.ctcretrieval.common.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ctcretrieval.common.features.FeatureSequence;

/** Writes a chroma sequence in the format its file name asks for: {@code .npz} (numpy) or {@code .csv}. */
public final class FeatureFiles {
    private FeatureFiles() {}

    /** Output formats, named as on the command line. */
    public enum Format {
        NPZ, CSV;

        /** File-name extension including the dot. */
        public String extension() {
            return "." + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The format of {@code file} from its extension.
     *
     * @throws IllegalArgumentException naming the file if the extension is neither {@code .npz} nor {@code .csv}
     */
    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Format f : Format.values()) {
            if (name.endsWith(f.extension())) return f;
        }
        throw new UsageException(file + ": unsupported output format (use a .npz or .csv file name)");
    }

    /** Writes {@code features} to {@code file} (atomically) in the format of its extension. */
    public static void write(Path file, FeatureSequence features) throws IOException {
        write(file, features, formatOf(file));
    }

    /** Writes {@code features} to {@code file} (atomically) in {@code format}. */
    public static void write(Path file, FeatureSequence features, Format format) throws IOException {
        switch (format) {
            case NPZ -> NpzWriter.writeFeatures(file, features);
            case CSV -> CsvFeatureWriter.write(file, features);
        }
    }
}
