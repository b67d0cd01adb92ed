package org.ctcretrieval.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.OptionBounds;
import org.ctcretrieval.common.audio.AudioAnalysis;
import org.ctcretrieval.common.chroma.Cens;
import org.ctcretrieval.common.chroma.CqtChroma;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.hcqt.Hcqt;
import org.ctcretrieval.common.hcqt.HcqtFeatures;
import org.ctcretrieval.common.plot.FeaturePlot;
import org.ctcretrieval.models.DeepChromaModel;
import org.ctcretrieval.models.ModelId;
import org.ctcretrieval.models.NetworkOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctcr plot}: the figure of the original notebook for one recording. */
@Command(name = "plot", header = "Plot a recording's HCQT, network probabilities and chroma to a PNG.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Plot a recording's features to a PNG, like the figure of the original ctc_chroma notebook: the h=1 "
                    + "slice of the HCQT (pitch x time, dB relative to the recording's maximum), then for a model "
                    + "the 13 network probabilities (12 pitch classes and the CTC blank) and the deep chroma, or "
                    + "for cqt/cens the classic chroma. Time is in seconds."
        })
public final class PlotCommand implements Callable<Integer> {
    private static final String[] CLASSES_AND_BLANK = Arrays.copyOf(FeaturePlot.PITCH_CLASSES, 13);

    static {
        CLASSES_AND_BLANK[12] = "blank";
    }

    @Parameters(index = "0", paramLabel = "AUDIO", description = "The recording (WAV, AIFF, MP3, FLAC, OGG, M4A, ...).")
    Path audio;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.png", description = "Image to write: .png, or .jpg/.jpeg for JPEG.")
    Path output;

    @Option(names = {"-f", "--features"}, paramLabel = "ID", defaultValue = "v2_ctc_train345valid1",
            description = "cqt, cens or a model ID (see 'ctcr models list'). Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "1400", description = "Image width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--panel-height", paramLabel = "PX", defaultValue = "260",
            description = "Height of each panel (default ${DEFAULT-VALUE}).")
    int panelHeight;

    @Override
    public Integer call() throws Exception {
        OptionBounds.require("--width", width, 100, 20_000);
        OptionBounds.require("--panel-height", panelHeight, 50, 5_000);
        FeaturePlot.ImageFormat.of(output); // refuse an extension it cannot write before any work
        FeaturePlot plot = new FeaturePlot(audio.getFileName().toString());
        // One HCQT serves the dB panel (relative to the maximum of the whole HCQT, as the model input) and the
        // chroma panels.
        HcqtFeatures f = AudioAnalysis.apply(audio, "HCQT features", y -> new Hcqt().features(y));
        plot.addPitchPanel("HCQT h=1 (dB)", f.decibels(Hcqt.FUNDAMENTAL), HcqtFeatures.FRAME_RATE, 24, 3);
        if (features.equals(CqtChroma.ID)) {
            plot.addClassPanel("cqt chroma", CqtChroma.fromFeatures(f).frames(), HcqtFeatures.FRAME_RATE,
                    FeaturePlot.PITCH_CLASSES);
        } else if (features.equals(Cens.ID)) {
            FeatureSequence cens = new Cens().fromFeatures(f);
            plot.addClassPanel("CENS", cens.frames(), cens.frameRate(), FeaturePlot.PITCH_CLASSES);
        } else {
            try (DeepChromaModel model = DeepChromaModel.load(ModelId.parse(features))) {
                NetworkOutput out = model.run(f.networkInputFlat());
                plot.addClassPanel("probabilities", out.probabilities(), DeepChromaModel.FRAME_RATE, CLASSES_AND_BLANK);
                plot.addClassPanel("deep chroma", DeepChromaModel.chromaFromProbabilities(out.probabilities()),
                        DeepChromaModel.FRAME_RATE, FeaturePlot.PITCH_CLASSES);
            }
        }
        plot.write(output, width, panelHeight);
        System.err.println("wrote " + output);
        return 0;
    }
}
