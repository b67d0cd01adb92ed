package org.ctcretrieval.testdata;

import java.util.List;

/**
 * Renders note events to audio with a simple additive synthesiser, for short fixture clips that need no soundfont:
 * each note is a harmonic tone (partials 1..4 with amplitudes 1, 1/2, 1/3, 1/4) under a 10 ms linear attack and an
 * exponential decay, so successive notes of the same pitch stay audible as separate onsets.
 */
public final class NoteRenderer {
    private NoteRenderer() {}

    /** One note: onset and duration in seconds, MIDI pitch, linear gain (1 = full scale before mixing). */
    public record NoteEvent(double onsetSeconds, double durationSeconds, int midiPitch, double gain) {}

    private static final double[] PARTIALS = {1.0, 0.5, 1.0 / 3, 0.25};
    private static final double ATTACK_SECONDS = 0.01;
    private static final double DECAY_PER_SECOND = 1.5;

    /**
     * @param notes      notes in any order
     * @param tailSeconds silence appended after the last note ends
     * @param sampleRate output rate in Hz
     * @return mono samples peak-normalised to 0.8 (all zeros if there are no notes)
     */
    public static float[] render(List<NoteEvent> notes, double tailSeconds, int sampleRate) {
        return render(notes, tailSeconds, sampleRate, 0);
    }

    /**
     * Like {@link #render(List, double, int)}, with every pitch detuned by {@code cents} (e.g. -101.3 for
     * historical pitch A=415 Hz: {@code 1200 log2(415 / 440)}).
     */
    public static float[] render(List<NoteEvent> notes, double tailSeconds, int sampleRate, double cents) {
        double end = 0;
        for (NoteEvent n : notes) end = Math.max(end, n.onsetSeconds() + n.durationSeconds());
        float[] out = new float[SignalGenerator.sampleCount(end + tailSeconds, sampleRate)];
        for (NoteEvent n : notes) {
            double f0 = SignalGenerator.midiToHz(n.midiPitch() + cents / 100);
            int start = (int) Math.round(n.onsetSeconds() * sampleRate);
            int length = SignalGenerator.sampleCount(n.durationSeconds(), sampleRate);
            int release = Math.min(length, (int) (0.02 * sampleRate)); // 20 ms fade-out avoids clicks
            for (int i = 0; i < length && start + i < out.length; i++) {
                double t = i / (double) sampleRate;
                double env = Math.min(1.0, t / ATTACK_SECONDS) * Math.exp(-DECAY_PER_SECOND * t);
                if (i >= length - release) env *= (length - i) / (double) release;
                double v = 0;
                for (int k = 0; k < PARTIALS.length; k++) {
                    double f = f0 * (k + 1);
                    if (f < sampleRate / 2.0) v += PARTIALS[k] * Math.sin(2 * Math.PI * f * t);
                }
                out[start + i] += (float) (n.gain() * env * v);
            }
        }
        float peak = 0;
        for (float v : out) peak = Math.max(peak, Math.abs(v));
        if (peak > 0) {
            for (int i = 0; i < out.length; i++) out[i] *= 0.8f / peak;
        }
        return out;
    }
}
