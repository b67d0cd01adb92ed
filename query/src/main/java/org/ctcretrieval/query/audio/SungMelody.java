package org.ctcretrieval.query.audio;

import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.query.audio.NoteSegmenter.SungNote;
import org.ctcretrieval.query.score.ChromaWeighting;
import org.ctcretrieval.query.score.Note;
import org.ctcretrieval.query.score.ScoreChroma;

/**
 * A hummed, sung or whistled melody transcribed to notes ({@link PitchTracker}, {@link NoteSegmenter}) and its
 * melody chroma: the notes as a one-voice score, so the query is searched exactly as a score theme (feature ID
 * {@code score}, accepted by every index).
 *
 * <p>Breaths and re-articulations leave gaps that a score's legato line does not have: each note is held until the
 * next one starts when the gap is shorter than {@link #MAX_HELD_GAP_SECONDS}.
 *
 * @param notes  the transcribed notes, in time order
 * @param chroma melody chroma at {@link ScoreChroma#QUERY_RATE}
 */
public record SungMelody(List<SungNote> notes, FeatureSequence chroma) {
    /** Fewest notes that make a searchable melody. */
    public static final int MIN_NOTES = 3;
    static final double MAX_HELD_GAP_SECONDS = 1.0;

    /**
     * Transcribes {@code audio}.
     *
     * @throws InputException naming the file if no (or too few) pitched notes are found
     */
    public static SungMelody transcribe(AudioSignal audio, PitchTracker tracker) throws InputException {
        List<SungNote> notes = NoteSegmenter.segment(tracker.track(audio.samples(), audio.sampleRate()));
        if (notes.isEmpty()) {
            throw new InputException(audio.source(), "no pitched notes found in the query (hum, sing or whistle a melody)");
        }
        if (notes.size() < MIN_NOTES) {
            throw new InputException(audio.source(), "only " + notes.size() + " pitched note" + (notes.size() == 1 ? "" : "s")
                    + " found in the query; at least " + MIN_NOTES + " are needed");
        }
        return new SungMelody(notes, chroma(notes));
    }

    /** Melody chroma of {@code notes} (held over short gaps), duration-weighted, at the query rate. */
    static FeatureSequence chroma(List<SungNote> notes) {
        List<Note> score = new ArrayList<>(notes.size());
        for (int i = 0; i < notes.size(); i++) {
            SungNote n = notes.get(i);
            double end = n.onsetSeconds() + n.durationSeconds();
            if (i + 1 < notes.size()) {
                double next = notes.get(i + 1).onsetSeconds();
                if (next - end < MAX_HELD_GAP_SECONDS) end = Math.max(end, next);
            }
            score.add(new Note(0, 0, n.onsetSeconds(), end - n.onsetSeconds(), n.pitch(), 80, "sung", 1, "1", "1"));
        }
        return ScoreChroma.compute(score, ScoreChroma.QUERY_RATE, ChromaWeighting.DURATION);
    }
}
