package org.ctcretrieval.common.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.ctcretrieval.common.InputException;

/**
 * Loads a recording at the product rate (22050 Hz, as {@code librosa.load}) and applies an analysis to it, turning
 * the analysis' refusal of the signal (too short, not finite) into an {@link InputException} that names the file.
 */
public final class AudioAnalysis {
    private AudioAnalysis() {}

    /**
     * @param file     any supported recording
     * @param what     what is computed, for the error message, e.g. "CENS features"
     * @param analysis computation on mono samples at {@link AudioLoader#PRODUCT_RATE}; throws
     *                 {@link IllegalArgumentException} for a signal it cannot handle
     * @throws InputException if the file cannot be decoded or the analysis refuses the signal
     */
    public static <T> T apply(Path file, String what, Function<float[], T> analysis) throws IOException {
        AudioSignal signal = AudioLoader.load(file, AudioLoader.PRODUCT_RATE);
        try {
            return analysis.apply(signal.samples());
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "cannot compute " + what + ": " + e.getMessage() + " ("
                    + signal.length() + " samples at 22050 Hz)", e);
        }
    }
}
