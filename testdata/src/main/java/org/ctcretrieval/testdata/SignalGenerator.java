package org.ctcretrieval.testdata;

import java.util.Random;

/**
 * Synthetic test signals as float32 sample arrays. Durations are in seconds and give
 * {@code round(duration * sampleRate)} samples; frequencies are in Hz; amplitudes are peak values of each
 * component (a sine of amplitude 0.5 has RMS 0.5/sqrt(2)). Sample {@code n} is taken at time {@code n / sampleRate},
 * so every sinusoid starts at phase 0 unless a phase is given.
 */
public final class SignalGenerator {
    private SignalGenerator() {}

    /** Number of samples of a signal of {@code durationSeconds} at {@code sampleRate}. */
    public static int sampleCount(double durationSeconds, int sampleRate) {
        if (durationSeconds < 0) throw new IllegalArgumentException("negative duration " + durationSeconds);
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        return (int) Math.round(durationSeconds * sampleRate);
    }

    /** Frequency of a MIDI pitch in twelve-tone equal temperament with A4 (pitch 69) = 440 Hz. */
    public static double midiToHz(double midiPitch) {
        return 440.0 * Math.pow(2.0, (midiPitch - 69) / 12.0);
    }

    /** {@code amplitude * sin(2 pi freq t)}. */
    public static float[] sine(double freqHz, double amplitude, double durationSeconds, int sampleRate) {
        return sine(freqHz, amplitude, 0.0, durationSeconds, sampleRate);
    }

    /** {@code amplitude * sin(2 pi freq t + phase)}, phase in radians. */
    public static float[] sine(double freqHz, double amplitude, double phase, double durationSeconds,
                               int sampleRate) {
        float[] x = new float[sampleCount(durationSeconds, sampleRate)];
        double w = 2 * Math.PI * freqHz / sampleRate;
        for (int n = 0; n < x.length; n++) x[n] = (float) (amplitude * Math.sin(w * n + phase));
        return x;
    }

    /**
     * Sum of sines {@code sum_k amplitudes[k] * sin(2 pi freqs[k] t)}. Components at or above the Nyquist frequency
     * are left out (they would alias).
     */
    public static float[] sumOfSines(double[] freqsHz, double[] amplitudes, double durationSeconds, int sampleRate) {
        if (freqsHz.length != amplitudes.length) {
            throw new IllegalArgumentException(
                    freqsHz.length + " frequencies but " + amplitudes.length + " amplitudes");
        }
        double[] acc = new double[sampleCount(durationSeconds, sampleRate)];
        for (int k = 0; k < freqsHz.length; k++) {
            if (freqsHz[k] >= sampleRate / 2.0) continue;
            double w = 2 * Math.PI * freqsHz[k] / sampleRate;
            for (int n = 0; n < acc.length; n++) acc[n] += amplitudes[k] * Math.sin(w * n);
        }
        return toFloat(acc);
    }

    /**
     * Harmonic tone: partial {@code k} (1-based) at {@code k * f0} with peak amplitude
     * {@code partialAmplitudes[k-1]}; partials at or above Nyquist are left out.
     */
    public static float[] harmonicTone(double f0Hz, double[] partialAmplitudes, double durationSeconds,
                                       int sampleRate) {
        double[] freqs = new double[partialAmplitudes.length];
        for (int k = 0; k < freqs.length; k++) freqs[k] = (k + 1) * f0Hz;
        return sumOfSines(freqs, partialAmplitudes, durationSeconds, sampleRate);
    }

    /**
     * A chord: one harmonic tone ({@link #harmonicTone}) per MIDI pitch, summed. Each tone's partials are
     * {@code partialAmplitudes}, so the peak of the chord can reach {@code pitches.length * sum(partialAmplitudes)};
     * choose amplitudes accordingly to stay within [-1, 1].
     */
    public static float[] chord(int[] midiPitches, double[] partialAmplitudes, double durationSeconds,
                                int sampleRate) {
        double[] acc = new double[sampleCount(durationSeconds, sampleRate)];
        for (int p : midiPitches) {
            float[] tone = harmonicTone(midiToHz(p), partialAmplitudes, durationSeconds, sampleRate);
            for (int n = 0; n < acc.length; n++) acc[n] += tone[n];
        }
        return toFloat(acc);
    }

    /** All zeros (digital silence). */
    public static float[] silence(double durationSeconds, int sampleRate) {
        return new float[sampleCount(durationSeconds, sampleRate)];
    }

    /**
     * White noise, uniformly distributed in {@code [-amplitude, amplitude)} (RMS {@code amplitude / sqrt(3)}),
     * reproducible from {@code seed} ({@link java.util.Random}, whose sequence is fixed by its specification).
     */
    public static float[] whiteNoise(double amplitude, double durationSeconds, int sampleRate, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[sampleCount(durationSeconds, sampleRate)];
        for (int n = 0; n < x.length; n++) x[n] = (float) (amplitude * (2 * rng.nextDouble() - 1));
        return x;
    }

    /**
     * Applies raised-cosine fades of {@code fadeSeconds} at both ends in place (avoids the clicks of hard onsets)
     * and returns {@code x}.
     */
    public static float[] fadeInOut(float[] x, double fadeSeconds, int sampleRate) {
        int m = Math.min(sampleCount(fadeSeconds, sampleRate), x.length / 2);
        for (int n = 0; n < m; n++) {
            float g = (float) (0.5 - 0.5 * Math.cos(Math.PI * n / m));
            x[n] *= g;
            x[x.length - 1 - n] *= g;
        }
        return x;
    }

    /** The signals one after another. */
    public static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] p : parts) total += p.length;
        float[] out = new float[total];
        int pos = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    private static float[] toFloat(double[] acc) {
        float[] x = new float[acc.length];
        for (int n = 0; n < x.length; n++) x[n] = (float) acc[n];
        return x;
    }
}
