package org.ctcretrieval.common.audio;

import java.nio.file.Path;
import org.ctcretrieval.common.InputException;

/**
 * Rejects decoded recordings that cannot be analysed: no samples at all, non-finite values, or digital silence
 * (every sample exactly zero, for which chroma features are undefined). Works on whole signals
 * ({@link #require(Path, float[])}) or block by block for streams ({@link #accept} then {@link #finish}).
 */
public final class AudioContentCheck {
    private final Path file;
    private long samples;
    private boolean audible;

    /** A check accumulating the blocks of one recording read from {@code file}. */
    public AudioContentCheck(Path file) {
        this.file = file;
    }

    /** Inspects the first {@code n} samples of {@code block}. */
    public void accept(float[] block, int n) throws InputException {
        for (int i = 0; i < n; i++) {
            float v = block[i];
            if (!Float.isFinite(v)) {
                throw new InputException(file, "contains invalid sample values (NaN or infinity) at sample "
                        + (samples + i));
            }
            if (v != 0f) audible = true;
        }
        samples += n;
    }

    /** Throws if the recording seen so far had no samples or only zeros. */
    public void finish() throws InputException {
        if (samples == 0) throw new InputException(file, "contains no audio samples (zero-length audio)");
        if (!audible) throw new InputException(file, "contains only silence (all samples are zero)");
    }

    /** Checks a whole decoded recording; see the class description. */
    public static void require(Path file, float[] samples) throws InputException {
        AudioContentCheck check = new AudioContentCheck(file);
        check.accept(samples, samples.length);
        check.finish();
    }
}
