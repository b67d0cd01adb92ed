package org.ctcretrieval.query.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.common.audio.AudioSignal;
import org.ctcretrieval.query.audio.NoteSegmenter.SungNote;
import org.ctcretrieval.testdata.VoiceSynth;
import org.ctcretrieval.testdata.SignalGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SungMelodyTest {
    static final int RATE = 22050;
    static final int[] MELODY = {55, 57, 59, 60, 62, 60, 59, 55, 57};

    static float[] sing(int[] pitches, double noteSeconds, VoiceSynth.Voice voice) {
        List<VoiceSynth.Tone> tones = new ArrayList<>();
        for (int i = 0; i < pitches.length; i++) tones.add(new VoiceSynth.Tone(0.2 + i * noteSeconds, noteSeconds, pitches[i]));
        return VoiceSynth.render(tones, voice, RATE);
    }

    static void assertMelody(int[] expected, List<SungNote> notes) {
        assertEquals(expected.length, notes.size(), notes.toString());
        int offset = notes.get(0).pitch() - expected[0];
        for (int k = 0; k < expected.length; k++) assertEquals(expected[k], notes.get(k).pitch() - offset, "note " + k + ": " + notes);
    }

    @ParameterizedTest
    @EnumSource(value = PitchTracker.Detector.class, names = {"YIN", "FFT_YIN", "MPM"})
    void transcribesASungMelodyWithVibratoDriftAndBreath(PitchTracker.Detector detector) throws Exception {
        VoiceSynth.Voice voice = new VoiceSynth.Voice(VoiceSynth.Timbre.AH, 40, 5.5, 45, 25, 3);
        AudioSignal audio = new AudioSignal(sing(MELODY, 0.45, voice), RATE, Path.of("sung.wav"));
        SungMelody melody = SungMelody.transcribe(audio, new PitchTracker(detector));
        assertMelody(MELODY, melody.notes());
        assertEquals(0, melody.notes().get(0).pitch() - MELODY[0], "sung at A440 plus drift: absolute pitch kept");
        assertEquals(12, melody.chroma().dimension());
        assertEquals(0.2 + MELODY.length * 0.45 - 0.2, melody.chroma().durationSeconds(), 0.15);
    }

    @Test
    void transcribesAWhistle() throws Exception {
        int[] high = new int[MELODY.length];
        for (int i = 0; i < high.length; i++) high[i] = MELODY[i] + 24;
        AudioSignal audio = new AudioSignal(sing(high, 0.4, new VoiceSynth.Voice(VoiceSynth.Timbre.WHISTLE, 25, 6, -30,
                Double.POSITIVE_INFINITY, 5)), RATE, Path.of("whistle.wav"));
        assertMelody(high, SungMelody.transcribe(audio, new PitchTracker(PitchTracker.DEFAULT)).notes());
    }

    @Test
    void trackingInParallelBlocksGivesTheSameContour() {
        int[] melody = new int[30];
        for (int i = 0; i < melody.length; i++) melody[i] = MELODY[i % MELODY.length];
        float[] samples = sing(melody, 0.4, new VoiceSynth.Voice(VoiceSynth.Timbre.AH, 40, 5.5, 20, 25, 9));
        PitchTracker tracker = new PitchTracker(PitchTracker.DEFAULT);
        float[] one = tracker.track(samples, RATE, 1).midi();
        float[] four = tracker.track(samples, RATE, 4).midi();
        assertTrue(one.length >= 2 * PitchTracker.MIN_BLOCK_FRAMES, "long enough for several blocks: " + one.length);
        assertArrayEquals(one, four);
        assertTrue(tracker.track(samples, RATE, 4).voicedFrames() > one.length / 2);
    }

    @Test
    void noiseHasNoPitchedNotes() {
        AudioSignal noise = new AudioSignal(SignalGenerator.whiteNoise(0.3, 3, RATE, 7), RATE, Path.of("noise.wav"));
        InputException e = assertThrows(InputException.class, () -> SungMelody.transcribe(noise, new PitchTracker(PitchTracker.DEFAULT)));
        assertTrue(e.getMessage().contains("noise.wav") && e.getMessage().contains("no pitched notes found in the query"), e.getMessage());
    }

    @Test
    void twoNotesAreTooFew() {
        AudioSignal audio = new AudioSignal(sing(new int[] {60, 64}, 0.6, new VoiceSynth.Voice(VoiceSynth.Timbre.OO, 30, 5.5, 0,
                Double.POSITIVE_INFINITY, 1)), RATE, Path.of("two.wav"));
        InputException e = assertThrows(InputException.class, () -> SungMelody.transcribe(audio, new PitchTracker(PitchTracker.DEFAULT)));
        assertTrue(e.getMessage().contains("only 2 pitched notes"), e.getMessage());
    }
}
