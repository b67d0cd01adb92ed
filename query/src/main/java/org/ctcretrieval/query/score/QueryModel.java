package org.ctcretrieval.query.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Which notes of a score selection a query's chroma is made of, and how they are weighted: the model of what the
 * audio feature of an index "hears". Classic chroma ({@code cqt}, {@code cens}) hears the whole texture; the deep
 * chroma networks were trained on themes and, on real recordings, follow the principal melody and drop much of
 * the accompaniment, so a query sent to them is closer to their output when it holds the melody only.
 *
 * <p>A part or staff chosen by the user ({@code --part}, {@code --staff}, the query file's columns) always wins:
 * {@link #TOP_STAFF} and {@link #TOP_SKYLINE} then keep the user's selection instead of the top staff.
 */
public enum QueryModel {
    /** Every selected note, duration-weighted. */
    WHOLE("whole"),
    /** The notes of the uppermost staff (first selected part, lowest staff number), duration-weighted. */
    TOP_STAFF("top-staff"),
    /** At every instant only the highest sounding note of the selection (the "skyline"), duration-weighted. */
    SKYLINE("skyline"),
    /** The skyline of the uppermost staff. */
    TOP_SKYLINE("top-skyline"),
    /**
     * Every selected note, weighted by {@code exp(-t / }{@value #ONSET_DECAY_SECONDS}{@code  s)} of the time t since
     * its onset, as a struck string's energy decays (and a long accompaniment chord fades under a moving melody).
     */
    ONSET("onset");

    /** Time constant of {@link #ONSET}, seconds. */
    public static final double ONSET_DECAY_SECONDS = 0.5;

    private final String label;

    QueryModel(String label) {
        this.label = label;
    }

    /** Name on the command line and in reports, e.g. {@code top-staff}. */
    public String label() {
        return label;
    }

    /**
     * The model named {@code label} ({@code whole}, {@code top-staff}, {@code skyline}, {@code top-skyline},
     * {@code onset}).
     *
     * @throws IllegalArgumentException naming the accepted labels
     */
    public static QueryModel parse(String label) {
        for (QueryModel m : values()) if (m.label.equals(label.toLowerCase(Locale.ROOT))) return m;
        List<String> labels = new ArrayList<>();
        for (QueryModel m : values()) labels.add(m.label);
        throw new org.ctcretrieval.common.UsageException("unknown query model '" + label + "'; one of " + String.join(", ", labels));
    }

    /**
     * The default query model of an index feature: {@link #CLASSIC_DEFAULT} for classic chroma ({@code cqt},
     * {@code cens}, anything not a deep-chroma model), {@link #DEEP_DEFAULT} for deep chroma models ({@code v1_*},
     * {@code v2_*}). Chosen on the ASAP benchmark (docs/fusion.md): onset weighting gained 0.020 exhaustive mAP
     * for {@code cqt} and 0.028 for {@code v1_ctc_train1234valid5}; the melody models (top staff, skyline) lost
     * for both, so every family keeps the whole texture.
     */
    public static QueryModel defaultFor(String featureId) {
        return isDeepChroma(featureId) ? DEEP_DEFAULT : CLASSIC_DEFAULT;
    }

    /** Default of deep-chroma features, see {@link #defaultFor}. */
    public static final QueryModel DEEP_DEFAULT = ONSET;
    /** Default of classic chroma features, see {@link #defaultFor}. */
    public static final QueryModel CLASSIC_DEFAULT = ONSET;

    /** Whether {@code featureId} names a deep chroma model (the IDs of ctc_chroma start with v1_ or v2_). */
    public static boolean isDeepChroma(String featureId) {
        return featureId.startsWith("v1_") || featureId.startsWith("v2_");
    }

    /**
     * The query chroma of {@code score} under this model, at {@code frameRate}.
     *
     * @param userChoseNotes whether the user selected a part or staff (then the top staff is not imposed)
     */
    public FeatureSequence chroma(Score score, boolean userChoseNotes, double frameRate) {
        List<Note> notes = score.notes();
        if (!userChoseNotes && (this == TOP_STAFF || this == TOP_SKYLINE)) notes = topStaff(score);
        if (this == SKYLINE || this == TOP_SKYLINE) notes = skyline(notes);
        return ScoreChroma.compute(notes, frameRate, this == ONSET ? ChromaWeighting.ONSET : ChromaWeighting.DURATION);
    }

    /** Notes of the first selected part's lowest-numbered staff that has notes (the whole list if that is empty). */
    static List<Note> topStaff(Score score) {
        List<Note> notes = score.notes();
        String part = null;
        for (PartInfo p : score.selectedParts()) {
            if (notes.stream().anyMatch(n -> n.part().equals(p.id()))) {
                part = p.id();
                break;
            }
        }
        if (part == null) return notes;
        String first = part;
        int staff = notes.stream().filter(n -> n.part().equals(first)).mapToInt(Note::staff).min().getAsInt();
        return notes.stream().filter(n -> n.part().equals(first) && n.staff() == staff).toList();
    }

    /**
     * The highest sounding note at every instant: the timeline is cut at every onset and offset, and each piece
     * keeps the highest note sounding through it (a piece of a note that starts mid-note of another keeps the
     * higher one). Grace notes (duration 0) are left out. The pieces are notes with the original onset in beats
     * shifted alike, so the duration weighting of {@link ScoreChroma} treats them as the melody line.
     */
    static List<Note> skyline(List<Note> notes) {
        TreeSet<Double> cuts = new TreeSet<>();
        List<Note> sounding = new ArrayList<>();
        for (Note n : notes) {
            if (n.durationSeconds() <= 0) continue;
            sounding.add(n);
            cuts.add(n.onsetSeconds());
            cuts.add(n.offsetSeconds());
        }
        if (sounding.isEmpty()) return notes;
        sounding.sort(Comparator.comparingDouble(Note::onsetSeconds));
        List<Note> out = new ArrayList<>();
        Double prev = null;
        for (double cut : cuts) {
            if (prev != null) {
                double from = prev, to = cut;
                Note top = null;
                for (Note n : sounding) {
                    if (n.onsetSeconds() > from + 1e-9) break;
                    if (n.offsetSeconds() >= to - 1e-9 && (top == null || n.pitch() > top.pitch())) top = n;
                }
                if (top != null) out.add(piece(top, from, to));
            }
            prev = cut;
        }
        return out;
    }

    private static Note piece(Note n, double from, double to) {
        double secondsPerBeat = n.durationBeats() > 0 ? n.durationSeconds() / n.durationBeats() : 0;
        double beatOffset = secondsPerBeat > 0 ? (from - n.onsetSeconds()) / secondsPerBeat : 0;
        double beats = secondsPerBeat > 0 ? (to - from) / secondsPerBeat : 0;
        return new Note(n.onsetBeats() + beatOffset, beats, from, to - from, n.pitch(), n.velocity(), n.part(),
                n.staff(), n.voice(), n.measure());
    }
}
