package org.ctcretrieval.common.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.progress.AudioProgress;

/**
 * A decoder's stream held to {@link AudioLimits}: the sample rate and the declared length are checked when it is
 * opened, the samples actually delivered while it is read (a container may declare nothing or lie). It reports
 * progress in seconds of audio to {@link AudioProgress}, and warns when the file ends before the length its header
 * declares (a truncated download or copy).
 */
final class CheckedAudioStream implements AudioStream {
    /** Progress is reported every this many samples at most. */
    private static final long REPORT_EVERY = 1 << 18;

    private final AudioStream in;
    private final AudioLimits limits;
    private final long maxSamples;
    private long delivered;
    private long reported;
    private boolean ended;

    private CheckedAudioStream(AudioStream in, AudioLimits limits) {
        this.in = in;
        this.limits = limits;
        this.maxSamples = (long) Math.ceil(limits.maxSeconds() * in.sampleRate());
    }

    /** Checks the rate and declared length of an open stream; closes it if they are refused. */
    static AudioStream check(AudioStream in, AudioLimits limits) throws IOException {
        try {
            String rateProblem = limits.rateProblem(in.sampleRate());
            if (rateProblem != null) throw new InputException(in.source(), rateProblem);
            // the header's length as far as the file can hold it (a header alone cannot make a small file long)
            long declared = in.estimatedLength();
            if (declared > 0 && declared / (double) in.sampleRate() > limits.maxSeconds()) {
                throw new InputException(in.source(), limits.tooLong(declared / (double) in.sampleRate(), "declares"));
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new CheckedAudioStream(in, limits);
    }

    @Override
    public int read(float[] monoBlock) throws IOException {
        int n = in.read(monoBlock);
        if (n < 0) {
            if (!ended) finish();
            return n;
        }
        delivered += n;
        if (delivered > maxSamples) {
            throw new InputException(source(), limits.tooLong(delivered / (double) sampleRate(), "holds more than"));
        }
        if (delivered - reported >= REPORT_EVERY) report();
        return n;
    }

    private void finish() {
        ended = true;
        report();
        long declared = in.declaredLength();
        if (declared > 0 && delivered < declared) {
            AudioProgress.warning(String.format(Locale.ROOT, "%s: is truncated: its header declares %d samples "
                    + "(%.2f s), the file holds %d (%.2f s); read as far as it goes", source(), declared,
                    declared / (double) sampleRate(), delivered, delivered / (double) sampleRate()));
        }
    }

    private void report() {
        if (delivered > reported) AudioProgress.decoded((delivered - reported) / (double) sampleRate());
        reported = delivered;
    }

    @Override
    public Path source() {
        return in.source();
    }

    @Override
    public int sampleRate() {
        return in.sampleRate();
    }

    @Override
    public int channels() {
        return in.channels();
    }

    @Override
    public long estimatedLength() {
        return in.estimatedLength();
    }

    @Override
    public long declaredLength() {
        return in.declaredLength();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
