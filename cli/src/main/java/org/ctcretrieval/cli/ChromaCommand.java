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
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.ctcretrieval.common.audio.AudioFiles;
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
                    + "NAME.csv (time, C..B). Unreadable files are reported and skipped; the exit status is 1 if "
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

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
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
        Files.createDirectories(output);
        FeatureExtractor extractor = probabilities ? null : FeatureExtractors.discover().create(features);
        DeepChromaModel model = probabilities ? DeepChromaModel.load(ModelId.parse(features)) : null;
        List<String> failures = new ArrayList<>();
        try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("chroma")
                .setInitialMax(files.size()).setUnit(" files", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            for (Path file : files) {
                Path target = targetFor(file, fmt);
                try {
                    if (model != null) {
                        writeWithProbabilities(file, target, model);
                    } else {
                        FeatureFiles.write(target, extractor.extract(file), fmt);
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e.getMessage() == null ? file + ": " + e : e.getMessage());
                }
                if (bar != null) bar.step();
            }
        } finally {
            if (model != null) model.close();
            if (extractor != null) extractor.close();
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

    /** OUTPUT/relative/path/NAME.ext for a file inside the INPUT folder, OUTPUT/NAME.ext for a single file. */
    private Path targetFor(Path file, FeatureFiles.Format fmt) {
        Path relative = Files.isDirectory(input) ? input.relativize(file) : file.getFileName();
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
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
