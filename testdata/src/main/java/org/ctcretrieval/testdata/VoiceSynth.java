package org.ctcretrieval.testdata;

import java.util.List;
import java.util.Random;

/**
 * A voice-like melody synthesiser for sung-query benchmarks (no recorded voices are available): a harmonic source
 * shaped by vowel formants, or a whistle (a near-pure tone), with what makes real humming hard to transcribe:
 * vibrato that starts after the attack, a scoop into each note, pitch drift over the phrase, slight random
 * intonation, re-articulation dips, and breath noise.
 *
 * <p>Formant frequencies and bandwidths of the vowels /a/ and /u/ are textbook averages for adult voices
 * (Peterson &amp; Barney 1952); each harmonic is weighted by the sum of three resonance curves and a -6 dB/octave
 * source tilt.
 */
public final class VoiceSynth {
    /** Source and filter. */
    public enum Timbre {
        /** vowel /a/ ("aah") */
        AH(new double[] {730, 1090, 2440}),
        /** vowel /u/ ("ooh", close to humming) */
        OO(new double[] {300, 870, 2240}),
        /** a whistle: fundamental only, plus its own hiss */
        WHISTLE(null);

        final double[] formants;

        Timbre(double[] formants) {
            this.formants = formants;
        }
    }

    /**
     * One sung note.
     *
     * @param onsetSeconds    start
     * @param durationSeconds length
     * @param midi            pitch (fractional MIDI number; the drift comes on top)
     */
    public record Tone(double onsetSeconds, double durationSeconds, double midi) {}

    /**
     * How to sing.
     *
     * @param timbre        voice or whistle
     * @param vibratoCents  vibrato depth (half the peak-to-peak excursion), cents
     * @param vibratoHz     vibrato rate
     * @param driftCents    pitch drift reached at the end of the phrase (linear from 0), cents
     * @param breathSnrDb   level of the voice over the breath noise, dB (infinite = no noise)
     * @param seed          seed of the random intonation, vibrato phase and noise
     */
    public record Voice(Timbre timbre, double vibratoCents, double vibratoHz, double driftCents, double breathSnrDb, long seed) {}

    static final double ATTACK_SECONDS = 0.04;
    static final double RELEASE_SECONDS = 0.06;
    static final double SCOOP_SECONDS = 0.05;
    static final double SCOOP_CENTS = 60;
    static final double VIBRATO_DELAY_SECONDS = 0.2;
    static final double HIGHEST_PARTIAL_HZ = 5000;

    private VoiceSynth() {}

    /**
     * A rendering and the pitch it was sung at.
     *
     * @param samples mono samples
     * @param midi    fractional MIDI pitch per sample (drift, vibrato, scoops included), NaN where silent
     */
    public record Sung(float[] samples, float[] midi) {}

    /** Renders {@code tones} (non-overlapping, in time order) with {@code voice}; peak about -3 dBFS. */
    public static float[] render(List<Tone> tones, Voice voice, int rate) {
        return sing(tones, voice, rate).samples();
    }

    /** {@link #render} with the pitch track. */
    public static Sung sing(List<Tone> tones, Voice voice, int rate) {
        double end = 0;
        for (Tone t : tones) end = Math.max(end, t.onsetSeconds() + t.durationSeconds());
        int n = (int) Math.ceil((end + 0.3) * rate);
        double[] out = new double[n];
        float[] pitch = new float[n];
        java.util.Arrays.fill(pitch, Float.NaN);
        Random random = new Random(voice.seed());
        double vibratoPhase = random.nextDouble() * 2 * Math.PI;
        double phase = 0;
        for (Tone t : tones) {
            int a = (int) Math.round(t.onsetSeconds() * rate);
            int b = Math.min(n, (int) Math.round((t.onsetSeconds() + t.durationSeconds()) * rate));
            double intonation = random.nextGaussian() * 8; // cents, per note
            for (int i = a; i < b; i++) {
                double time = i / (double) rate;
                double inNote = time - t.onsetSeconds();
                double cents = intonation + voice.driftCents() * time / end;
                if (inNote < SCOOP_SECONDS) cents -= SCOOP_CENTS * (1 - inNote / SCOOP_SECONDS);
                if (inNote > VIBRATO_DELAY_SECONDS) {
                    double ramp = Math.min(1, (inNote - VIBRATO_DELAY_SECONDS) / 0.2);
                    cents += ramp * voice.vibratoCents() * Math.sin(2 * Math.PI * voice.vibratoHz() * time + vibratoPhase);
                }
                double f0 = 440 * Math.pow(2, (t.midi() + cents / 100 - 69) / 12);
                pitch[i] = (float) (t.midi() + cents / 100);
                phase += 2 * Math.PI * f0 / rate;
                double env = Math.min(1, Math.min(inNote / ATTACK_SECONDS, (b - i) / (double) rate / RELEASE_SECONDS));
                out[i] += env * source(phase, f0, voice.timbre());
            }
        }
        double peak = 0;
        double energy = 0;
        for (double v : out) {
            peak = Math.max(peak, Math.abs(v));
            energy += v * v;
        }
        double gain = peak > 0 ? 0.7 / peak : 0;
        float[] samples = new float[n];
        double noiseRms = Double.isInfinite(voice.breathSnrDb()) ? 0
                : gain * Math.sqrt(energy / n) * Math.pow(10, -voice.breathSnrDb() / 20);
        if (voice.timbre() == Timbre.WHISTLE) noiseRms = Math.max(noiseRms, gain * Math.sqrt(energy / n) * 0.03);
        double previous = 0;
        for (int i = 0; i < n; i++) {
            // breath: white noise through a first-order high-pass (a hiss rather than a rumble)
            double white = random.nextGaussian();
            double hiss = (white - 0.6 * previous) / 1.17;
            previous = white;
            samples[i] = (float) Math.max(-1, Math.min(1, gain * out[i] + noiseRms * hiss));
        }
        return new Sung(samples, pitch);
    }

    /** One sample of the harmonic source at {@code phase} (radians of the fundamental). */
    private static double source(double phase, double f0, Timbre timbre) {
        if (timbre.formants == null) return Math.sin(phase) + 0.02 * Math.sin(2 * phase);
        double s = 0;
        for (int k = 1; k * f0 < HIGHEST_PARTIAL_HZ; k++) s += partial(k * f0, timbre.formants) / k * Math.sin(k * phase);
        return s;
    }

    /** Gain of a partial at {@code hz}: three resonances (bandwidth 80, 100, 120 Hz) over a small floor. */
    private static double partial(double hz, double[] formants) {
        double g = 0.05;
        double[] bandwidth = {80, 100, 120};
        for (int i = 0; i < formants.length; i++) {
            double x = (hz - formants[i]) / bandwidth[i];
            g += 1 / (1 + x * x) * (i == 0 ? 1 : 0.5);
        }
        return g;
    }
}
