package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MidiArrangementTest {
    private static final int PPQ = 480;

    @TempDir Path dir;

    /** A piano-like source: one track, channel 0, tempo 120, a C major chord, then a melody note over a bass note. */
    private static Sequence source() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, PPQ);
        Track t = s.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0)); // 500000 us
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 5, 0), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 64, 127), 0));
        for (int p : new int[] {60, 64, 67}) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, p, 80), p == 67 ? 10 : 0)); // rolled chord
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, p, 0), PPQ));
        }
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 48, 70), 2 * PPQ)); // bass alone: accompaniment
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 48, 0), 3 * PPQ));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 72, 90), 3 * PPQ));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 36, 60), 3 * PPQ + 5));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 72, 0), 4 * PPQ));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 36, 0), 4 * PPQ));
        return s;
    }

    private record On(int channel, int pitch, long tick) {}

    private static List<On> noteOns(Sequence s) {
        List<On> out = new ArrayList<>();
        for (Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    out.add(new On(m.getChannel(), m.getData1(), t.get(i).getTick()));
                }
            }
        }
        return out;
    }

    private static List<ShortMessage> messages(Sequence s, int command) {
        List<ShortMessage> out = new ArrayList<>();
        for (Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == command) out.add(m);
            }
        }
        return out;
    }

    @Test
    void topVoiceGoesToTheMelodyInstrumentAndTheRestToTheAccompaniment() throws Exception {
        Sequence out = MidiArrangement.arranged(source(), ProgramSet.VIOLIN_PIANO, 440, 1);
        for (On on : noteOns(out)) {
            boolean melody = on.pitch() == 67 || on.pitch() == 72; // highest of its chord (G4 rolled 10 ticks late)
            assertEquals(melody ? 1 : 0, on.channel(), "note " + on.pitch());
        }
        assertEquals(6, noteOns(out).size());
        List<ShortMessage> programs = messages(out, ShortMessage.PROGRAM_CHANGE);
        assertEquals(2, programs.size(), "the source's program change is replaced");
        assertTrue(programs.stream().anyMatch(m -> m.getChannel() == 0 && m.getData1() == 0));
        assertTrue(programs.stream().anyMatch(m -> m.getChannel() == 1 && m.getData1() == 40));
        assertTrue(messages(out, ShortMessage.CONTROL_CHANGE).stream()
                .anyMatch(m -> m.getData1() == 64 && m.getChannel() == 0), "the piano keeps its pedal");
    }

    @Test
    void oneInstrumentPlaysEverythingAndOnlyPianosGetThePedal() throws Exception {
        Sequence out = MidiArrangement.arranged(source(), ProgramSet.ORGAN, 440, 1);
        assertTrue(noteOns(out).stream().allMatch(on -> on.channel() == 0));
        assertFalse(messages(out, ShortMessage.CONTROL_CHANGE).stream().anyMatch(m -> m.getData1() == 64),
                "an organ has no sustain pedal");
    }

    @Test
    void stretchScalesEveryTimeAndKeepsTicks() throws Exception {
        Sequence in = source();
        Sequence out = MidiArrangement.arranged(in, ProgramSet.PIANO, 440, 2.5);
        MidiTempoMap a = MidiTempoMap.of(in);
        MidiTempoMap b = MidiTempoMap.of(out);
        for (double q : new double[] {0, 1, 3.5}) assertEquals(2.5 * a.seconds(q), b.seconds(q), 1e-6);
        assertEquals(noteOns(in).stream().map(On::tick).sorted().toList(),
                noteOns(out).stream().map(On::tick).sorted().toList());
    }

    /**
     * The excerpt of an arrangement closes every note sounding at the cut in the note's own track: FluidSynth
     * ignores closing events in the first track once the note track has ended, and strings would sound for ever.
     */
    @Test
    void excerptClosesSoundingNotesInTheirOwnTrack() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, PPQ);
        Track t = s.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 72, 90), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 48, 90), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 72, 0), 40 * PPQ));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 48, 0), 40 * PPQ));
        Path src = dir.resolve("long.mid");
        MidiSystem.write(s, 0, src.toFile());
        Path arranged = dir.resolve("strings.mid");
        MidiArrangement.write(src, ProgramSet.STRINGS, 440, 1, arranged);
        Path excerpt = dir.resolve("excerpt.mid");
        MidiExcerpt.write(arranged, 1.0, excerpt); // 1 s = 2 quarters at 120 bpm
        Sequence out = MidiSystem.getSequence(excerpt.toFile());
        Track notes = out.getTracks()[1];
        List<String> closing = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            if (notes.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_OFF) {
                assertEquals(2 * PPQ, notes.get(i).getTick());
                closing.add(m.getChannel() + ":" + m.getData1());
            }
        }
        assertEquals(List.of("0:48", "1:72"), closing.stream().sorted().toList());
        assertEquals(2 * PPQ, notes.ticks(), "the note track ends at the cut");
    }

    @Test
    void pitchBendShiftsByTheCentsOfTheTuning() {
        assertEquals(8192, MidiArrangement.pitchBend(440));
        // 1200 log2(415/440) = -101.27 cents; 8192 per 200 cents: -4148.2
        assertEquals(8192 - 4148, MidiArrangement.pitchBend(415));
        // 1200 log2(446/440) = +23.45 cents: +960.4
        assertEquals(8192 + 960, MidiArrangement.pitchBend(446));
    }

    /**
     * FluidSynth plays A4 of an organ arrangement at the frequency of the tuning, relative to A=440 (the
     * soundfont's organ itself sounds about 11 cents sharp: 442.9 Hz at A=440).
     */
    @ParameterizedTest
    @ValueSource(doubles = {415, 446})
    void renderedPitchFollowsTheTuning(double tuningHz) throws Exception {
        double reference = renderedA4(440);
        assertEquals(tuningHz / 440, renderedA4(tuningHz) / reference, 0.5 / 440);
    }

    private double renderedA4(double tuningHz) throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, PPQ);
        Track t = s.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 69, 100), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 69, 0), 3 * PPQ));
        Path src = dir.resolve("a4.mid");
        MidiSystem.write(s, 0, src.toFile());
        Path arranged = dir.resolve("arranged.mid");
        MidiArrangement.write(src, ProgramSet.ORGAN, tuningHz, 1, arranged);
        Path wav = dir.resolve("a4.wav");
        Path soundfont = BenchmarkOptions.DEBIAN_SOUNDFONTS.get(0);
        assertTrue(Files.isRegularFile(soundfont), "needs " + soundfont + " (scripts/setup.sh)");
        new FluidSynth("fluidsynth").render(arranged, soundfont, 22050, wav, true);
        return strongestFrequency(MonoWav.read(wav).samples(), 22050, 5000, 27050, 380, 480);
    }

    /**
     * Frequency in [lo, hi] Hz where the Hann-windowed DTFT of x[from, to) is largest: 1 Hz steps, then 0.02 Hz
     * steps around the best.
     */
    private static double strongestFrequency(float[] x, int rate, int from, int to, double lo, double hi) {
        double coarse = argmax(x, rate, from, to, lo, hi, 1);
        return argmax(x, rate, from, to, coarse - 1, coarse + 1, 0.02);
    }

    private static double argmax(float[] x, int rate, int from, int to, double lo, double hi, double step) {
        double best = lo;
        double bestPower = -1;
        int n = to - from;
        for (double f = lo; f <= hi + 1e-9; f += step) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
                double ph = 2 * Math.PI * f * i / rate;
                re += w * x[from + i] * Math.cos(ph);
                im += w * x[from + i] * Math.sin(ph);
            }
            double p = re * re + im * im;
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }
}
