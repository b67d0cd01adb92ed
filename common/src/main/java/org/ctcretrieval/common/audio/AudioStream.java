package org.ctcretrieval.common.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A decoded recording read block by block as mono float samples at its native sample rate, so that recordings of
 * any length can be processed in bounded memory.
 *
 * <p>Multi-channel sources are downmixed by the mean over channels, as {@code librosa.to_mono}
 * ({@code np.mean(y, axis=0)}). Integer PCM is scaled to [-1, 1) by dividing by 2<sup>bits-1</sup>, as libsndfile
 * (and therefore {@code librosa.load}) does. Obtain one with {@link AudioDecoder#open(Path)}.
 */
public interface AudioStream extends Closeable {
    /** The file being decoded. */
    Path source();

    /** Native sample rate of the recording, in Hz. */
    int sampleRate();

    /** Number of channels in the file (the samples delivered by {@link #read} are always mono). */
    int channels();

    /**
     * Number of mono samples the recording is expected to have, from the file header (exact for WAV/AIFF/AU) or
     * the container's duration as reported by ffprobe (approximate); -1 if unknown. Useful for progress reporting
     * and for sizing buffers; {@link #read} decides the true length.
     */
    long estimatedLength();

    /**
     * Number of mono samples the file's header declares, where the format has such a field (WAV, AIFF, AU), even
     * if the file holds fewer; -1 if it declares none. A stream that delivers fewer samples was cut short.
     */
    default long declaredLength() {
        return -1;
    }

    /**
     * Reads the next {@code monoBlock.length} mono samples into {@code monoBlock} starting at index 0; fewer only
     * at the end of the recording, so consecutive blocks have fixed positions in the signal.
     *
     * @return the number of samples stored (at least 1; 0 only for an empty array), or -1 at the end
     * @throws IOException an {@link org.ctcretrieval.common.InputException} naming the file when the data cannot be
     *                     decoded
     */
    int read(float[] monoBlock) throws IOException;

    /** Releases the file and any decoding process. Safe to call more than once. */
    @Override
    void close() throws IOException;
}
