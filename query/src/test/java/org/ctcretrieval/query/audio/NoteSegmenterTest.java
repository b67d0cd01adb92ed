package org.ctcretrieval.query.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.ctcretrieval.query.audio.NoteSegmenter.SungNote;
import org.ctcretrieval.query.audio.PitchTracker.PitchContour;
import org.junit.jupiter.api.Test;

class NoteSegmenterTest {
    static final double HOP = 0.01;

    /** A contour of {@code pitches} (0.5 s each) with vibrato, a linear drift and a breath gap after the third note. */
    static PitchContour contour(int[] pitches, double vibratoCents, double driftCents) {
        int per = 50;
        int frames = pitches.length * per + 10;
        float[] midi = new float[frames];
        java.util.Arrays.fill(midi, Float.NaN);
        int i = 0;
        for (int n = 0; n < pitches.length; n++) {
            if (n == 3) i += 10; // a breath: 100 ms unvoiced
            for (int k = 0; k < per; k++, i++) {
                double t = i * HOP;
                double cents = vibratoCents * Math.sin(2 * Math.PI * 5.5 * t) + driftCents * i / frames;
                midi[i] = (float) (pitches[n] + cents / 100);
            }
        }
        return new PitchContour(midi, HOP, 0.023);
    }

    @Test
    void vibratoAndDriftKeepTheNotes() {
        int[] melody = {60, 62, 64, 65, 67, 65, 64, 62, 60, 60};
        List<SungNote> notes = NoteSegmenter.segment(contour(melody, 50, 50));
        // repeated 60s at the end merge into one note (onsets are pitch changes or gaps)
        int[] expected = {60, 62, 64, 65, 67, 65, 64, 62, 60};
        assertEquals(expected.length, notes.size(), notes.toString());
        int offset = notes.get(0).pitch() - expected[0];
        for (int k = 0; k < expected.length; k++) assertEquals(expected[k], notes.get(k).pitch() - offset, "note " + k + ": " + notes);
        assertEquals(0.0, notes.get(0).onsetSeconds(), 0.05);
        assertEquals(0.5, notes.get(1).onsetSeconds(), 0.1);
    }

    @Test
    void driftBeyondHalfASemitoneDoesNotShiftTheMelody() {
        // 80 cents of drift over the phrase: a fixed grid would move the late notes to the next semitone
        int[] melody = {60, 64, 67, 64, 60, 64, 67, 72};
        List<SungNote> notes = NoteSegmenter.segment(contour(melody, 30, 80));
        assertEquals(melody.length, notes.size(), notes.toString());
        int offset = notes.get(0).pitch() - melody[0];
        for (int k = 0; k < melody.length; k++) assertEquals(melody[k], notes.get(k).pitch() - offset, "note " + k + ": " + notes);
        assertTrue(notes.get(notes.size() - 1).tuningCents() - notes.get(0).tuningCents() > 40, notes.toString());
    }

    @Test
    void shortGlitchesAndOctaveErrorsAreIgnored() {
        PitchContour c = contour(new int[] {60, 62, 64}, 0, 0);
        c.midi()[20] = 72; // one octave error
        c.midi()[21] = Float.NaN; // one dropout
        List<SungNote> notes = NoteSegmenter.segment(c);
        assertEquals(List.of(60, 62, 64), notes.stream().map(SungNote::pitch).toList());
    }

    @Test
    void unvoicedContourHasNoNotes() {
        float[] midi = new float[200];
        java.util.Arrays.fill(midi, Float.NaN);
        for (int i = 0; i < 200; i += 7) midi[i] = 60 + (i % 13); // isolated stray detections
        assertTrue(NoteSegmenter.segment(new PitchContour(midi, HOP, 0)).isEmpty());
    }
}
