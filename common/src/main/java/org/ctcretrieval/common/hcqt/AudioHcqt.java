package org.ctcretrieval.common.hcqt;

import java.io.IOException;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.audio.AudioLoader;

/**
 * The HCQT of an audio file in bounded memory: decoding, resampling to 22050 Hz ({@link AudioLoader#stream}) and
 * the chunked HCQT ({@link HcqtStream}) run block by block, so no whole-recording array exists. Results equal those
 * of {@code AudioLoader.load} followed by the whole-signal computation; errors name the file as
 * {@link org.ctcretrieval.common.audio.AudioAnalysis} does.
 */
public final class AudioHcqt {
    private AudioHcqt() {
    }

    /**
     * Feeds {@code file} at 22050 Hz into {@code stream} and finishes it.
     *
     * @param what what is computed, for the error message, e.g. "HCQT features"
     * @return the feature frame boundaries ({@link HcqtStream#finish()})
     * @throws InputException if the file cannot be decoded or is too short for the HCQT
     */
    public static int[] run(Path file, String what, HcqtStream stream) throws IOException {
        long[] samples = {0};
        try {
            AudioLoader.standard().stream(file, AudioLoader.PRODUCT_RATE, (block, n) -> {
                stream.accept(block, n);
                samples[0] += n;
            });
            return stream.finish();
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "cannot compute " + what + ": " + e.getMessage() + " (" + samples[0]
                    + " samples at 22050 Hz)", e);
        }
    }

    /**
     * The network input of {@code file} in a store ({@link HcqtFeatureStore#DEFAULT_MEMORY_LIMIT}, the system's
     * temporary folder). The caller must close it.
     *
     * @throws InputException if the file cannot be decoded or is too short for the HCQT
     */
    public static HcqtFeatureStore features(Path file, Hcqt hcqt) throws IOException {
        return features(file, hcqt, new HcqtFeatureStore());
    }

    /** {@link #features(Path, Hcqt)} into a given (empty) store, closed here if the computation fails. */
    public static HcqtFeatureStore features(Path file, Hcqt hcqt, HcqtFeatureStore store) throws IOException {
        return features(file, hcqt, store, store);
    }

    /**
     * {@link #features(Path, Hcqt, HcqtFeatureStore)} with the blocks passing through {@code sink}, which must hand
     * each on to {@code store} (e.g. after looking at it).
     */
    public static HcqtFeatureStore features(Path file, Hcqt hcqt, HcqtFeatureStore store, HcqtStream.BlockSink sink)
            throws IOException {
        try (HcqtStream stream = hcqt.stream(sink)) {
            store.finish(run(file, "HCQT features", stream));
            return store;
        } catch (IOException | RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }
}
