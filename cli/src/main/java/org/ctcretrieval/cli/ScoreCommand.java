package org.ctcretrieval.cli;

import org.ctcretrieval.common.OptionBounds;
import org.ctcretrieval.common.UsageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.ctcretrieval.common.io.FeatureFiles;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.score.ChromaWeighting;
import org.ctcretrieval.query.score.Note;
import org.ctcretrieval.query.score.Score;
import org.ctcretrieval.query.score.ScoreChroma;
import org.ctcretrieval.query.score.ScoreJson;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.query.score.TempoMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ctcr score}: reads a score snippet, lists its notes and writes its chroma. */
@Command(header = "Read a score (MusicXML, .mxl, MIDI): list its notes, write its chroma.",
        name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Read a score (MusicXML, compressed MusicXML .mxl, or Standard MIDI File), list its notes in sounding "
                    + "pitch with onsets in beats (quarter notes) and seconds, and optionally write its chroma "
                    + "sequence, the form in which a theme is compared with audio chroma.",
            "",
            "Without -o the notes are printed; with -o the chroma is written and the notes are printed only if "
                    + "--notes or --json is given. Note times start at the first selected measure; the chroma "
                    + "starts at the first note. Repeats are not unfolded (MusicXML measures are read once, in file "
                    + "order). Grace notes are listed with duration 0. MIDI channel 10 (percussion) and unpitched "
                    + "notes are ignored. Notes and rests under a fermata are held --fermata times their written "
                    + "length.",
            "",
                })
public final class ScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Score file: .musicxml/.xml, .mxl or .mid.")
    Path file;

    @Mixin ScoreSelectionOptions selection;






    @Option(names = "--notes", description = "Print the notes also when writing the chroma with -o.")
    boolean notes;

    @Option(names = "--json", description = "Print a JSON document (selection, measures, notes, chroma file) "
            + "instead of the table.")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.npz|OUT.csv",
            description = "Write the chroma sequence: .npz with float32 'chroma' (12 x T) and 'time_ax' (T), as "
                    + "numpy.load reads it, or .csv with a header 'time,C,...,B', one row per frame.")
    Path output;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "25",
            description = "Chroma frame rate in frames per second (default: ${DEFAULT-VALUE}, that of deep chroma).")
    double rate;

    @Option(names = "--weighting", paramLabel = "W", defaultValue = "binary",
            description = "Chroma weighting: binary (1 per sounding pitch class), duration (fraction of the frame "
                    + "sounded), velocity (duration times velocity/127) or onset (duration times exp(-t/0.5 s), t the time "
                    + "since the note's onset; the default query model of a search). Default: ${DEFAULT-VALUE}. Frames are "
                    + "L2-normalised; frames without notes are 1/sqrt(12) in every bin.")
    String weighting;

    @Override
    public Integer call() throws IOException {
        ScoreSelection sel = selection.selection();
        ChromaWeighting w = parseWeighting(weighting);
        // bounded before anything is allocated from it: the chroma has duration x rate frames
        OptionBounds.require("--rate", rate, 0.5, 200);
        FeatureFiles.Format format = output == null ? null : FeatureFiles.formatOf(output);
        Score score = ScoreReader.read(file, sel);
        for (String warning : score.warnings()) {
            spec.commandLine().getErr().println("ctcr: warning: " + file + ": " + warning);
        }
        FeatureSequence chroma = null;
        if (output != null) {
            chroma = ScoreChroma.compute(score.notes(), rate, w);
            FeatureFiles.write(output, chroma, format);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(score, chroma, w));
        } else if (output == null || notes) {
            printTable(score, out);
        }
        if (chroma != null && !json) {
            spec.commandLine().getErr().printf(Locale.ROOT, "wrote %d chroma frames at %s Hz to %s%n",
                    chroma.length(), fmt(rate), output);
        }
        out.flush();
        return 0;
    }

    private static ChromaWeighting parseWeighting(String text) {
        try {
            return ChromaWeighting.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--weighting must be binary, duration or velocity: " + text);
        }
    }

    private void printTable(Score s, PrintWriter out) {
        out.printf(Locale.ROOT, "# %s (%s): parts %s; tempo %s%s bpm at the start); %d fermata hold(s) x%s; "
                        + "%d measures (%s-%s), %.3f beats, %.3f s, %d notes%n",
                s.source(), s.format(), s.selectedParts(),
                "default".equals(s.tempoSource()) ? "unknown (no tempo mark; read at " : s.tempoSource() + " (",
                fmt(s.tempo().bpmAt(s.startBeat())),
                s.holds().size(), fmt(selection.fermata), s.measures().size(), s.measures().get(0).number(), s.measures().get(s.measures().size() - 1).number(),
                s.durationBeats(), s.durationSeconds(), s.notes().size());
        out.printf(Locale.ROOT, "%-9s %-9s %-9s %-9s %-5s %-5s %-8s %-5s %-5s %s%n", "onset_q", "dur_q", "onset_s", "dur_s",
                "pitch", "name", "part", "staff", "voice", "measure");
        for (Note n : s.notes()) {
            out.printf(Locale.ROOT, "%-9.4f %-9.4f %-9.4f %-9.4f %-5d %-5s %-8s %-5d %-5s %s%n", n.onsetBeats(),
                    n.durationBeats(), n.onsetSeconds(), n.durationSeconds(), n.pitch(), n.pitchName(), n.part(),
                    n.staff(), n.voice(), n.measure());
        }
    }

    private String toJson(Score s, FeatureSequence chroma, ChromaWeighting w) throws IOException {
        Map<String, Object> doc = ScoreJson.of(s, s.source().toString(), selection.staff, selection.fermata);
        if (chroma != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("file", output.toString());
            c.put("featureId", chroma.featureId());
            c.put("frameRate", chroma.frameRate());
            c.put("frames", chroma.length());
            c.put("weighting", w.name().toLowerCase(Locale.ROOT));
            doc.put("chroma", c);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
