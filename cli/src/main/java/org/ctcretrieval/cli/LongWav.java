package org.ctcretrieval.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.audio.AudioFiles;
import org.ctcretrieval.common.audio.AudioLoader;
import org.ctcretrieval.common.dsp.Resampler;
import org.ctcretrieval.common.dsp.StreamingResampler;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.testdata.WavWriter;

/** Long benchmark inputs: recordings repeated end to end, written as a 16-bit mono WAV block by block. */
final class LongWav {
    private LongWav() {
    }

    /** The recordings to concatenate: {@code inputs} (files or folders), or the example recordings if null. */
    static List<Path> sources(List<Path> inputs) throws java.io.IOException {
        List<Path> sources = inputs != null ? AudioFiles.expand(inputs)
                : AudioFiles.list(SharedData.require(SharedData.exampleAudio(), "example recordings"));
        if (sources.isEmpty()) throw new org.ctcretrieval.common.UsageException("no audio files to benchmark");
        return sources;
    }

    /** The recordings decoded at 22050 Hz. */
    static List<float[]> load(List<Path> sources) throws java.io.IOException {
        List<float[]> parts = new java.util.ArrayList<>();
        for (Path p : sources) parts.add(AudioLoader.load(p, AudioLoader.PRODUCT_RATE).samples());
        return parts;
    }

    /**
     * Writes the recordings (22050 Hz signals), repeated to {@code samples22k} samples at 22050 Hz starting with
     * part {@code firstPart}, as a {@code rate} Hz 16-bit WAV (resampled with kaiser_fast), block by block, and
     * forces it to disk so that write-back does not overlap what is timed next.
     */
    static void write(Path wav, List<float[]> parts, int firstPart, long samples22k, int rate) throws Exception {
        long nOut = (long) Math.ceil(samples22k * (double) rate / Hcqt.SAMPLE_RATE);
        long dataBytes = 2 * nOut;
        if (dataBytes + 36 > 0xFFFFFFFFL) {
            throw new org.ctcretrieval.common.UsageException("input too long for a WAV file (at most 13 hours at 44.1 kHz)");
        }
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            out.write(WavWriter.pcm16Header(rate, 1, nOut));
            byte[][] bytes = {new byte[2 * 16384]};
            long[] written = {0};
            StreamingResampler.Output sink = (block, count) -> {
                int c = (int) Math.min(count, nOut - written[0]); // the header's length, exactly
                if (2 * c > bytes[0].length) bytes[0] = new byte[2 * c];
                ByteBuffer b = ByteBuffer.wrap(bytes[0]).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < c; i++) b.putShort(WavWriter.pcm16(block[i]));
                out.write(bytes[0], 0, 2 * c);
                written[0] += c;
            };
            StreamingResampler up = new StreamingResampler(Hcqt.SAMPLE_RATE, rate, Resampler.Filter.KAISER_FAST);
            long pos = 0;
            for (int i = firstPart; pos < samples22k; i++) {
                float[] part = parts.get(i % parts.size());
                int n = (int) Math.min(part.length, samples22k - pos);
                up.push(n == part.length ? part : Arrays.copyOf(part, n), n, sink);
                pos += n;
            }
            up.finish(sink);
            for (byte[] zero = new byte[2]; written[0] < nOut; written[0]++) out.write(zero);
            out.flush();
            ch.force(true);
        }
    }
}
