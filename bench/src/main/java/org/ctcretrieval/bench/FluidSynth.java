package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders MIDI files to audio with the FluidSynth command-line synthesizer:
 * {@code fluidsynth -ni -q -F OUT.wav -T wav -O s16 -r RATE SOUNDFONT IN.mid} (fast offline rendering, no MIDI
 * input, no shell; chorus and reverb at FluidSynth's defaults). FluidSynth renders deterministically: the same
 * inputs give the same samples.
 */
public final class FluidSynth {
    /** Longest a rendering may take. */
    static final long TIMEOUT_MINUTES = 30;
    private final String executable;

    /** @param executable the {@code fluidsynth} program (a name on the PATH or a path) */
    public FluidSynth(String executable) {
        this.executable = executable;
    }

    /**
     * Checks that the program runs and returns its version line.
     *
     * @throws IllegalStateException if it cannot be started (says how to install it)
     */
    public String version() {
        try {
            Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse(executable);
        } catch (IOException e) {
            throw new org.ctcretrieval.common.SetupException("cannot run '" + executable + "' (" + e.getMessage()
                    + "); install FluidSynth (apt-get install fluidsynth, or scripts/setup.sh) or pass --fluidsynth PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + executable);
        }
    }

    /**
     * Renders {@code midi} with {@code soundfont} into a 16-bit stereo WAV at {@code sampleRate} Hz.
     *
     * @throws IOException if FluidSynth fails or writes no audio (its output is included in the message)
     */
    public void render(Path midi, Path soundfont, int sampleRate, Path wavOut) throws IOException {
        render(midi, soundfont, sampleRate, wavOut, false);
    }

    /**
     * Renders as {@link #render(Path, Path, int, Path)}; with {@code dry}, FluidSynth's reverb is off ({@code -R 0}).
     * Samples are loaded as the notes need them ({@code synth.dynamic-sample-loading}), which gives the same audio
     * and spares decompressing a whole SF3 soundfont for a piano piece.
     */
    public void render(Path midi, Path soundfont, int sampleRate, Path wavOut, boolean dry) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable, "-ni", "-q", "-F", wavOut.toString(), "-T", "wav",
                "-O", "s16", "-r", Integer.toString(sampleRate)));
        if (dry) cmd.addAll(List.of("-R", "0", "-o", "synth.dynamic-sample-loading=1"));
        cmd.addAll(List.of(soundfont.toString(), midi.toString()));
        // Output goes to a file, so that a rendering that never ends can be stopped (a stuck note of a sustaining
        // instrument keeps FluidSynth's fast rendering going, filling the disk).
        Path logFile = Files.createTempFile("fluidsynth", ".log");
        int code;
        String log;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            try {
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("fluidsynth did not finish " + midi + " within " + TIMEOUT_MINUTES
                            + " minutes (a note that never ends?)");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rendering " + midi);
            }
            code = p.exitValue();
            log = Files.readString(logFile);
        } finally {
            Files.deleteIfExists(logFile);
        }
        if (code != 0 || !Files.isRegularFile(wavOut) || Files.size(wavOut) <= 44) {
            throw new IOException("fluidsynth failed on " + midi + " (exit " + code + "): " + log.strip());
        }
    }
}
