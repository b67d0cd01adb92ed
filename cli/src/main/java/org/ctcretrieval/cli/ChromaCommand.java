package org.ctcretrieval.cli;

import org.ctcretrieval.common.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.UserError;
import org.ctcretrieval.common.audio.AudioFiles;
import org.ctcretrieval.common.progress.AudioProgress;
import org.ctcretrieval.common.progress.ItemProgress;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.AudioHcqt;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatureStore;
import org.ctcretrieval.common.io.FeatureFiles;
import org.ctcretrieval.common.io.NpyArray;
import org.ctcretrieval.common.io.NpzWriter;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.models.DeepChromaModel;
import org.ctcretrieval.models.ModelId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ctcr chroma}: the original package's {@code apply_model.py} — one chroma file per recording.
 */
@Command(name = "chroma", header = "Compute chroma (deep, cqt or CENS) for recordings and write .npz/.csv files (apply_model.py).", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Compute chroma for every recording in INPUT (a folder, searched recursively, or one file) and write "
                    + "one file per recording to OUTPUT, keeping the folder structure: NAME.npz with float32 "
                    + "'chroma' (12 x T) and 'time_ax' (T, seconds), as the original apply_model.py writes, or "
                    + "NAME.csv (time, C..B); recordings that would share a name (X.mp3 and X.flac) keep their extension "
                    + "(X.mp3.npz, X.flac.npz). Unreadable files are reported and skipped; the exit status is 1 if "
                    + "any file failed.",
            "",
            "Features: a model ID gives deep chroma at 25 Hz (first 12 of the 13 network probabilities, "
                    + "L2-normalised per frame); 'cqt' gives classic chroma at 25 Hz pooled from the HCQT's h=1 "
                    + "slice; 'cens' gives CENS at 2.5 Hz. See 'ctcr models list' for model IDs.",
            ""
        })
public final class ChromaCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "INPUT", description = "Audio file or folder.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT", description = "Output folder (created if missing).")
    Path output;

    @Option(names = {"-f", "--features", "-m", "--model"}, paramLabel = "ID", defaultValue = "v2_ctc_train345valid1",
            description = "cqt, cens or a model ID (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "npz",
            description = "npz or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--probabilities",
            description = "With a model: also store the 13 network probabilities (C..B, blank) as 'probabilities' "
                    + "(13 x T) in the npz.")
    boolean probabilities;

    @Option(names = "--no-progress", description = "Do not show progress (by default a bar on a terminal, one line per file otherwise).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        FeatureFiles.Format fmt = parseFormat(format);
        if (!Files.exists(input)) throw new UsageException(input + ": no such file or folder");
        boolean isModel = !features.equals("cqt") && !features.equals("cens");
        if (probabilities && (!isModel || fmt != FeatureFiles.Format.NPZ)) {
            throw new UsageException("--probabilities needs a model ID and --format npz");
        }
        List<Path> files = Files.isDirectory(input) ? AudioFiles.list(input) : List.of(input);
        if (files.isEmpty()) throw new UsageException(input + ": no audio files found");
        Map<Path, Path> targets = targets(files, fmt);
        Files.createDirectories(output);
        List<String> failures = new ArrayList<>();
        try (FeatureExtractor extractor = probabilities ? null : FeatureExtractors.discover().create(features);
             DeepChromaModel model = probabilities ? DeepChromaModel.load(ModelId.parse(features)) : null;
             ItemProgress progress = noProgress ? ItemProgress.none() : ItemProgress.onStderr("chroma", files.size())) {
            for (Path file : files) {
                Path target = targets.get(file);
                String line = file + " -> " + target;
                try {
                    AudioProgress.during(progress, () -> {
                        if (model != null) {
                            writeWithProbabilities(file, target, model);
                        } else {
                            FeatureFiles.write(target, extractor.extract(file), fmt);
                        }
                        return null;
                    });
                } catch (IOException | RuntimeException e) {
                    if (e instanceof RuntimeException && !(e instanceof UserError)) throw e; // an internal fault
                    failures.add(e.getMessage() == null ? file + ": " + e : e.getMessage());
                    line = "failed: " + failures.get(failures.size() - 1);
                }
                progress.itemDone(line);
            }
        }
        var err = spec.commandLine().getErr();
        for (String f : failures) err.println("ctcr: skipped " + f);
        err.printf(Locale.ROOT, "wrote %d of %d file(s) to %s%n", files.size() - failures.size(), files.size(), output);
        err.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private static FeatureFiles.Format parseFormat(String text) {
        try {
            return FeatureFiles.Format.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format must be npz or csv, not '" + text + "'");
        }
    }

    /**
     * The output of every input, all distinct: OUTPUT/relative/path/NAME.npz for a file inside the INPUT folder
     * (OUTPUT/NAME.npz for a single file), as apply_model.py names them; inputs that would share a name (X.mp3 and
     * X.flac) keep their extension instead (X.mp3.npz, X.flac.npz), so that none overwrites another.
     */
    Map<Path, Path> targets(List<Path> files, FeatureFiles.Format fmt) {
        Map<Path, Integer> uses = new java.util.HashMap<>();
        for (Path f : files) uses.merge(targetFor(f, fmt, false), 1, Integer::sum);
        Map<Path, Path> targets = new LinkedHashMap<>();
        for (Path f : files) {
            Path plain = targetFor(f, fmt, false);
            targets.put(f, uses.get(plain) > 1 ? targetFor(f, fmt, true) : plain);
        }
        return targets;
    }

    private Path targetFor(Path file, FeatureFiles.Format fmt, boolean keepExtension) {
        Path relative = Files.isDirectory(input) ? input.relativize(file) : file.getFileName();
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 && !keepExtension ? name.substring(0, dot) : name;
        Path parent = relative.getParent();
        return (parent == null ? output : output.resolve(parent)).resolve(stem + fmt.extension());
    }

    /** Deep chroma and probabilities, computed in bounded memory (streamed HCQT, feature store, chunked network). */
    private static void writeWithProbabilities(Path file, Path target, DeepChromaModel model) throws IOException {
        float[][] probabilities;
        try (HcqtFeatureStore store = AudioHcqt.features(file, new Hcqt())) {
            probabilities = model.probabilities(store.length(), store::networkInput);
        }
        FeatureSequence chroma = new FeatureSequence(model.id().id(), DeepChromaModel.FRAME_RATE,
                DeepChromaModel.chromaFromProbabilities(probabilities));
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("chroma", NpyArray.transposed(chroma.frames(), chroma.dimension()));
        arrays.put("time_ax", NpyArray.vector(chroma.timeAxis()));
        arrays.put("probabilities", NpyArray.transposed(probabilities, 13));
        NpzWriter.write(target, arrays);
    }
}
