package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.ctcretrieval.query.score.Note;
import org.ctcretrieval.testdata.VoiceSynth;
import org.junit.jupiter.api.Test;

class AudioQueryBenchmarkTest {
    static Note note(double on, double dur, int pitch) {
        return new Note(on, dur, on, dur, pitch, 80, "P1", 1, "1", "1");
    }

    @Test
    void topVoiceSkipsAccompanimentUnderAHeldMelodyNote() {
        List<Note> notes = List.of(
                note(0, 1.0, 72), note(0, 0.25, 48), note(0, 0.5, 64), // melody C5 over a chord
                note(0.25, 0.25, 52), note(0.5, 0.25, 55), // accompaniment under the held C5
                note(1.0, 0.5, 74), note(1.0, 0.5, 50), // next melody note D5
                note(1.5, 0.5, 76), note(2.0, 0.5, 77));
        List<Note> top = AudioQueryBenchmark.topVoice(notes, 10);
        assertEquals(List.of(72, 74, 76, 77), top.stream().map(Note::pitch).toList());
        assertEquals(1.0, top.get(0).durationSeconds(), 1e-9, "held to the next melody onset");
        assertEquals(0.5, top.get(3).durationSeconds(), 1e-9);
        assertEquals(List.of(72, 74), AudioQueryBenchmark.topVoice(notes, 1.2).stream().map(Note::pitch).toList(), "cut after 1.2 s");
    }

    @Test
    void tonesMoveIntoTheVoiceRangeThenByTheShiftAndTempo() {
        List<Note> melody = List.of(note(0, 0.5, 84), note(0.5, 0.5, 86), note(1.0, 1.0, 88));
        List<VoiceSynth.Tone> sung = AudioQueryBenchmark.tones(melody, VoiceSynth.Timbre.OO, 3, 2.0, null);
        assertEquals(List.of(63.0, 65.0, 67.0), sung.stream().map(VoiceSynth.Tone::midi).toList(), "two octaves down, then +3");
        assertEquals(0.25, sung.get(1).onsetSeconds(), 1e-9, "twice as fast");
        List<VoiceSynth.Tone> whistled = AudioQueryBenchmark.tones(melody, VoiceSynth.Timbre.WHISTLE, 0, 1, new Random(1));
        assertEquals(72.0, whistled.get(0).midi(), "whistles centre on G5 (79), an octave and a half above the voice");
        for (int i = 1; i < whistled.size(); i++) {
            assertTrue(whistled.get(i).onsetSeconds() >= whistled.get(i - 1).onsetSeconds() + whistled.get(i - 1).durationSeconds() - 1e-9,
                    "jittered tones do not overlap");
            assertEquals(0.5 * i, whistled.get(i).onsetSeconds(), 0.041);
        }
    }
}
