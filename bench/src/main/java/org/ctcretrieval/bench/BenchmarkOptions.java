package org.ctcretrieval.bench;

import org.ctcretrieval.common.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Settings of a benchmark build.
 *
 * @param dataset            dataset root in the ASAP layout (see {@link DatasetPieces})
 * @param out                output folder
 * @param seed               seed of every random choice (pieces, performances, snippets, soundfonts, noise)
 * @param pieces             number of pieces to select; 0 = every eligible piece
 * @param performances       performances per piece; 0 = all (at least 2 are needed)
 * @param maxSeconds         rendered duration per performance in seconds; 0 = whole performances
 * @param snippetsPerPiece   score snippets per piece (each gives a whole-texture and a right-hand query)
 * @param minMeasures        shortest snippet, measures
 * @param maxMeasures        longest snippet, measures
 * @param minNotes           fewest sounding notes a query may hold
 * @param soundfonts         SoundFont files, assigned to performances in turn
 * @param sampleRate         audio sample rate, Hz
 * @param noiseSnrDb         white-noise signal-to-noise ratio in dB; empty = no noise
 * @param fluidsynth         the FluidSynth program
 * @param threads            parallel renderings
 * @param realistic          render under varied real-world conditions (see {@link RenderConditions}): instruments,
 *                           reverb, codec, tuning, tempo and scores without tempo marks
 * @param tuningHz           with {@code realistic}: every recording tuned to A4 = this frequency instead of a drawn
 *                           tuning (the other conditions are drawn as without it), for paired comparisons of
 *                           tunings; empty = drawn
 */
public record BenchmarkOptions(Path dataset, Path out, long seed, int pieces, int performances, double maxSeconds,
        int snippetsPerPiece, int minMeasures, int maxMeasures, int minNotes, List<Path> soundfonts, int sampleRate,
        OptionalDouble noiseSnrDb, String fluidsynth, int threads, boolean realistic, OptionalDouble tuningHz) {

    /** The two General MIDI SoundFonts of Debian ({@code fluid-soundfont-gm}, {@code timgm6mb-soundfont}). */
    public static final List<Path> DEBIAN_SOUNDFONTS = List.of(Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
            Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2"));

    /** The three General MIDI SoundFonts of Debian the realistic preset uses (adds {@code musescore-general-soundfont}). */
    public static final List<Path> REALISTIC_SOUNDFONTS = List.of(Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
            Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2"), Path.of("/usr/share/sounds/sf3/MuseScore_General.sf3"));

    public BenchmarkOptions {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(out);
        soundfonts = List.copyOf(soundfonts);
        if (pieces < 0) throw new UsageException("--pieces must be >= 0 (0 = all): " + pieces);
        if (performances < 0 || performances == 1) {
            throw new UsageException("--performances must be 0 (all) or at least 2: " + performances);
        }
        if (maxSeconds < 0) throw new UsageException("--max-seconds must be >= 0 (0 = whole): " + maxSeconds);
        if (snippetsPerPiece < 1) throw new UsageException("--snippets must be at least 1: " + snippetsPerPiece);
        if (minMeasures < 1 || maxMeasures < minMeasures) {
            throw new UsageException("snippet length must satisfy 1 <= min <= max: " + minMeasures + ".." + maxMeasures);
        }
        if (soundfonts.isEmpty()) throw new UsageException("at least one soundfont is needed");
        if (sampleRate < 8000) throw new UsageException("sample rate too low: " + sampleRate);
        if (threads < 1) throw new UsageException("--threads must be at least 1: " + threads);
        Objects.requireNonNull(tuningHz);
        if (tuningHz.isPresent() && !(Math.abs(1200 * Math.log(tuningHz.getAsDouble() / 440) / Math.log(2)) < 200)) {
            throw new UsageException("--tuning must be within two semitones of A=440 Hz (393-493 Hz): " + tuningHz.getAsDouble());
        }
    }

    /**
     * Defaults: seed 1, every piece, every performance, whole performances, 2 snippets of 4–8 measures per piece,
     * at least 8 notes per query, both Debian soundfonts, 22050 Hz, no noise, one rendering at a time.
     */
    public static BenchmarkOptions defaults(Path dataset, Path out) {
        return new BenchmarkOptions(dataset, out, 1, 0, 0, 0, 2, 4, 8, 8, DEBIAN_SOUNDFONTS, 22050,
                OptionalDouble.empty(), "fluidsynth", 1, false, OptionalDouble.empty());
    }

    /** The {@code --small} preset: 4 pieces, 3 performances each, the first 30 s of each. */
    public BenchmarkOptions small() {
        return withPieces(4).withPerformances(3).withMaxSeconds(30);
    }

    public BenchmarkOptions withSeed(long s) {
        return new BenchmarkOptions(dataset, out, s, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withPieces(int n) {
        return new BenchmarkOptions(dataset, out, seed, n, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withPerformances(int n) {
        return new BenchmarkOptions(dataset, out, seed, pieces, n, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withMaxSeconds(double s) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, s, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withOut(Path o) {
        return new BenchmarkOptions(dataset, o, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withNoise(OptionalDouble snrDb) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, snrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withSnippets(int n) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, n, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withSoundfonts(List<Path> sf) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, sf, sampleRate, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withFluidsynth(String program) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, program, threads, realistic, tuningHz);
    }

    public BenchmarkOptions withThreads(int n) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, n, realistic, tuningHz);
    }

    /**
     * The realistic preset: varied conditions per recording and the three Debian soundfonts (unless other
     * soundfonts were chosen).
     */
    public BenchmarkOptions asRealistic() {
        List<Path> sf = soundfonts.equals(DEBIAN_SOUNDFONTS) ? REALISTIC_SOUNDFONTS : soundfonts;
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, sf, sampleRate, noiseSnrDb, fluidsynth, threads, true, tuningHz);
    }

    public BenchmarkOptions withSampleRate(int hz) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, hz, noiseSnrDb, fluidsynth, threads, realistic, tuningHz);
    }

    /** Every recording of the realistic preset tuned to A4 = {@code hz}; see {@link #tuningHz()}. */
    public BenchmarkOptions withTuning(double hz) {
        return new BenchmarkOptions(dataset, out, seed, pieces, performances, maxSeconds, snippetsPerPiece, minMeasures,
                maxMeasures, minNotes, soundfonts, sampleRate, noiseSnrDb, fluidsynth, threads, realistic,
                OptionalDouble.of(hz));
    }
}
