package org.ctcretrieval.cli;

import java.util.Locale;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.SharedData;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.bench.BenchmarkBuilder;
import org.ctcretrieval.bench.BenchmarkOptions;
import org.ctcretrieval.bench.BenchmarkPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ctcr bench-build}: renders a retrieval benchmark (audio + score queries) from an ASAP-style dataset. */
@Command(name = "bench-build", header = "Build a retrieval benchmark (rendered audio + score queries) from ASAP-layout data.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Build a retrieval benchmark from a dataset laid out like ASAP: folders",
            "Composer/Group/Piece/ holding xml_score.mxl, midi_score.mid,",
            "midi_score_annotations.txt and per performance Performer.mid with",
            "Performer_annotations.txt.",
            "",
            "Every selected performance MIDI is rendered to audio with FluidSynth",
            "(soundfonts alternate per performance); queries of 4-8 whole measures",
            "are cut at downbeats from each piece's score, as whole texture and as",
            "right hand (staff 1). Every performance of a piece is relevant to its",
            "queries.",
            "",
            "Writes OUT/audio/<Piece>/<Performer>.wav (mono, 16-bit),",
            "OUT/scores/<Piece>.mxl, OUT/queries.tsv and OUT/manifest.json (settings,",
            "soundfont per recording, time span of every query in every recording).",
            "Recording IDs are <Piece>/<Performer>: index OUT/audio. All choices are",
            "seeded; running again into the same folder with the same settings only",
            "renders what is missing.",
            ""
        })
public final class BenchBuildCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "Dataset root in the ASAP layout (default: <shared>/datasets/asap, see CTCR_SHARED / CTCR_DATASETS).")
    Path dataset;

    @Option(names = "--small", description = "Quick preset: 4 pieces, 3 performances each, first 30 s of each"
            + " (explicit --pieces/--performances/--max-seconds override it).")
    boolean small;

    @Option(names = "--realistic", description = {"Render under real-world conditions, drawn per recording:"
            + " instruments that suit the piece (piano, harpsichord, organ, violin or flute with piano, strings),"
            + " three soundfonts (default: FluidR3_GM, TimGM6mb, MuseScore_General), room or hall reverb (sox),"
            + " an MP3 or Ogg round trip (ffmpeg), tuning A=415/430/443/446, tempo 0.4x-2.5x the marked one;"
            + " 40 %% of the scores lose their tempo marks. The manifest records every condition."})
    boolean realistic;

    @Option(names = "--tuning", paramLabel = "HZ",
            description = "With --realistic: tune every recording to A4 = HZ instead of drawing the tuning; every other"
                    + " condition is drawn exactly as without it, so two builds (e.g. --tuning 440 and --tuning 415)"
                    + " hold the same performances and differ only in pitch.")
    Double tuning;

    @Option(names = "--pieces", paramLabel = "N", description = "Number of pieces to select (default: all that qualify).")
    Integer pieces;

    @Option(names = "--performances", paramLabel = "N", description = "Performances per piece, at least 2 (default: all aligned ones).")
    Integer performances;

    @Option(names = "--max-seconds", paramLabel = "S",
            description = "Render only the first S seconds of each performance; queries are then cut from measures"
                    + " that end within S seconds in every performance (default: whole performances).")
    Double maxSeconds;

    @Option(names = "--snippets", paramLabel = "N", defaultValue = "2",
            description = "Score snippets per piece; each gives a whole-texture and a right-hand query (default: ${DEFAULT-VALUE}).")
    int snippets;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--soundfont", paramLabel = "SF2",
            description = "SoundFont to render with; repeat to alternate several (default: "
                    + "/usr/share/sounds/sf2/FluidR3_GM.sf2 and /usr/share/sounds/sf2/TimGM6mb.sf2).")
    List<Path> soundfonts;

    @Option(names = "--noise-snr", paramLabel = "DB",
            description = "Add seeded white noise at this signal-to-noise ratio in dB (default: no noise).")
    Double noiseSnr;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "22050", description = "Audio sample rate (default: ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--fluidsynth", paramLabel = "PROGRAM", defaultValue = "fluidsynth",
            description = "The FluidSynth executable (default: ${DEFAULT-VALUE} on the PATH).")
    String fluidsynth;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Parallel renderings (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        BenchmarkOptions o = BenchmarkOptions.defaults(dataset != null ? dataset : SharedData.datasets().resolve("asap"), out);
        if (small) o = o.small();
        if (realistic) o = o.asRealistic();
        if (tuning != null) {
            if (!realistic) throw new UsageException("--tuning needs --realistic (the plain benchmark renders at A=440)");
            o = o.withTuning(tuning);
        }
        if (pieces != null) o = o.withPieces(pieces);
        if (performances != null) o = o.withPerformances(performances);
        if (maxSeconds != null) o = o.withMaxSeconds(maxSeconds);
        if (soundfonts != null && !soundfonts.isEmpty()) o = o.withSoundfonts(soundfonts);
        o = o.withSeed(seed).withSnippets(snippets).withFluidsynth(fluidsynth).withThreads(threads)
                .withNoise(noiseSnr == null ? OptionalDouble.empty() : OptionalDouble.of(noiseSnr));
        o = o.withSampleRate(sampleRate);
        BenchmarkBuilder.Result r = new BenchmarkBuilder(o, System.err).build();
        BenchmarkPlan plan = r.plan();
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "pieces      %d%n", plan.pieces().size());
        w.printf(Locale.ROOT, "recordings  %d (%d rendered, %d already present)%n", plan.recordings().size(), r.rendered(), r.reused());
        w.printf(Locale.ROOT, "queries     %d%n", plan.queries().size());
        w.printf(Locale.ROOT, "written     %s, %s, %s%n", out.resolve("audio"), out.resolve("queries.tsv"), out.resolve("manifest.json"));
        w.flush();
        return 0;
    }
}
