package org.ctcretrieval.common.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ctcretrieval.common.InputException;

/**
 * Decodes any format ffmpeg understands by running {@code ffmpeg} as a subprocess that writes raw little-endian
 * float32 samples ({@code -f f32le}) with the file's native channel count and sample rate to a pipe; channels are
 * then averaged here (librosa semantics). The channel count and rate are read beforehand with {@code ffprobe}
 * and passed to ffmpeg explicitly, so the layout of the pipe is known.
 */
final class FfmpegAudioStream implements AudioStream {
    /** Longest stderr text kept from a subprocess (only the first error line is reported). */
    private static final int MAX_STDERR = 64 * 1024;

    private final Path source;
    private final Process process;
    private final InputStream pcm;
    private final StderrCollector stderr;
    private final PcmFormat format;
    private final int sampleRate;
    private byte[] bytes = new byte[0];
    private int carried;
    private boolean finished;
    private boolean closed;

    private final long estimatedLength;

    private FfmpegAudioStream(Path source, Process process, StderrCollector stderr, int channels, int sampleRate,
                              long estimatedLength) {
        this.estimatedLength = estimatedLength;
        this.source = source;
        this.process = process;
        this.pcm = process.getInputStream();
        this.stderr = stderr;
        this.format = new PcmFormat(PcmFormat.Kind.FLOAT, 4, channels, ByteOrder.LITTLE_ENDIAN);
        this.sampleRate = sampleRate;
    }

    /** Probes {@code file} with ffprobe and starts ffmpeg decoding its first audio stream. */
    static FfmpegAudioStream open(Path file, Ffmpeg tools) throws IOException {
        String url = url(file);
        ProbeResult probe = probe(file, tools, url);
        List<String> cmd = List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-i", url, "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-ac", Integer.toString(probe.channels), "-ar", Integer.toString(probe.sampleRate),
                "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1");
        Process p = start(file, cmd);
        StderrCollector err = new StderrCollector(p.getErrorStream());
        return new FfmpegAudioStream(file, p, err, probe.channels, probe.sampleRate, probe.estimatedLength());
    }

    /** What ffprobe reports of the first audio stream; duration in seconds, NaN if unknown. */
    private record ProbeResult(int channels, int sampleRate, double duration) {
        long estimatedLength() {
            return Double.isFinite(duration) && duration >= 0 ? Math.round(duration * sampleRate) : -1;
        }
    }

    private static ProbeResult probe(Path file, Ffmpeg tools, String url) throws IOException {
        List<String> cmd = List.of(tools.ffprobe().toString(), "-v", "error", "-select_streams", "a:0",
                "-show_entries", "stream=channels,sample_rate,duration:format=duration",
                "-of", "default=noprint_wrappers=1", url);
        Process p = start(file, cmd);
        StderrCollector err = new StderrCollector(p.getErrorStream());
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = waitFor(p, file);
        String errText = err.text();
        if (exit != 0) {
            throw new InputException(file, "not a supported audio file or corrupt (ffmpeg: "
                    + firstLine(errText, url, "ffprobe exited with status " + exit) + ")");
        }
        int channels = -1;
        int rate = -1;
        double duration = Double.NaN; // the stream's duration comes first, the container's is the fallback
        for (String line : out.split("\\R")) {
            String[] kv = line.split("=", 2);
            if (kv.length != 2) continue;
            try {
                if (kv[0].trim().equals("channels")) channels = Integer.parseInt(kv[1].trim());
                if (kv[0].trim().equals("sample_rate")) rate = Integer.parseInt(kv[1].trim());
                if (kv[0].trim().equals("duration") && Double.isNaN(duration)) {
                    duration = Double.parseDouble(kv[1].trim());
                }
            } catch (NumberFormatException e) {
                // "N/A": reported below as an unknown layout
            }
        }
        if (channels < 0 && rate < 0) {
            throw new InputException(file, "is not an audio file (ffmpeg finds no audio stream in it)");
        }
        if (channels < 1 || rate < 1) {
            // ffprobe guesses a stream from the file name even when no frame can be decoded
            throw new InputException(file, "not a supported audio file or corrupt (ffmpeg: no decodable audio"
                    + " frames; channels=" + channels + ", sample_rate=" + rate + ")");
        }
        return new ProbeResult(channels, rate, duration);
    }

    /** The file as an ffmpeg URL; the {@code file:} protocol keeps names with colons from being read as URLs. */
    private static String url(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    private static Process start(Path file, List<String> cmd) throws IOException {
        try {
            return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new InputException(file, "cannot run " + cmd.get(0) + " (" + e.getMessage() + ")", e);
        }
    }

    private static int waitFor(Process p, Path file) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InputException(file, "decoding interrupted", e);
        }
    }

    /**
     * First non-blank stderr line, without the "url: " ffmpeg puts before messages about the input and without the
     * address in its "[component @ 0x...]" prefix.
     */
    static String firstLine(String stderr, String url, String fallback) {
        for (String line : stderr.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            if (t.startsWith(url + ": ")) t = t.substring(url.length() + 2);
            // "[mp3 @ 0x55d0c8a3e680] Failed to read frame size" -> "mp3: Failed to read frame size"
            t = t.replaceFirst("^\\[(\\S+) @ 0x[0-9a-fA-F]+\\]\\s*", "$1: ");
            return t;
        }
        return fallback;
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public long estimatedLength() {
        return estimatedLength;
    }

    @Override
    public int channels() {
        return format.channels();
    }

    @Override
    public int read(float[] monoBlock) throws IOException {
        if (closed) throw new IOException(source + ": stream is closed");
        if (finished) return -1;
        if (monoBlock.length == 0) return 0;
        int frameSize = format.frameSize();
        int want = monoBlock.length * frameSize;
        if (bytes.length < want) bytes = java.util.Arrays.copyOf(bytes, want);
        int have = carried;
        boolean eof = false;
        while (have < want) {
            int n = pcm.read(bytes, have, want - have);
            if (n < 0) {
                eof = true;
                break;
            }
            have += n;
        }
        int frames = have / frameSize;
        if (frames > 0) format.toMono(bytes, frames, monoBlock);
        carried = have - frames * frameSize;
        System.arraycopy(bytes, frames * frameSize, bytes, 0, carried);
        if (eof) {
            finished = true;
            int exit = waitFor(process, source);
            if (exit != 0) {
                throw new InputException(source, "not a supported audio file or corrupt (ffmpeg: "
                        + firstLine(stderr.text(), url(source), "ffmpeg exited with status " + exit) + ")");
            }
        }
        return frames > 0 ? frames : -1;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            pcm.close();
        } finally {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            process.getOutputStream().close();
        }
    }

    /** Drains a subprocess's stderr on a daemon thread (so the process never blocks on it) and keeps its start. */
    private static final class StderrCollector {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        StderrCollector(InputStream err) {
            thread = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (err) {
                    int n;
                    while ((n = err.read(buf)) >= 0) {
                        synchronized (kept) {
                            int room = MAX_STDERR - kept.size();
                            if (room > 0) kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended or was stopped; what was read so far is kept
                }
            }, "ffmpeg-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
