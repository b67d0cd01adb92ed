package org.ctcretrieval.query.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.features.FeatureSequence;

/** Turns a theme file (a score snippet: MusicXML, .mxl or MIDI) into the chroma query of a search. */
@FunctionalInterface
public interface ThemeChroma {
    /**
     * @param theme the score file
     * @return its chroma, feature ID {@code score}, any frame rate
     * @throws InputException naming the file if it cannot be read
     */
    FeatureSequence toChroma(Path theme) throws IOException;

    /** Used when no score reader is installed: every theme is refused with a message pointing to --query-features. */
    ThemeChroma UNAVAILABLE = theme -> {
        throw new InputException(theme, "score themes cannot be read by this build; pass the query chroma with --query-features FILE.csv");
    };
}
