package org.ctcretrieval.testdata.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Music-like chroma without audio, for test fixtures and the search benchmark. A {@link Work} is a list of note
 * events (a melody over a diatonic chord progression in a random key); a {@link Performance} renders it to chroma
 * at any frame rate with its own tempo, transposition, timbre (overtone weights: 3rd harmonic = fifth, 5th
 * harmonic = major third; note envelope) and noise, which are exactly the differences between a score and
 * recordings of it that retrieval must tolerate.
 */
public final class SyntheticMusic {
    private SyntheticMusic() {}

    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};

    /** One note: onset and duration in score seconds, pitch class 0..11, loudness. */
    public record Note(double onset, double duration, int pitchClass, float weight) {}

    /** A piece: notes sorted by onset, total duration in score seconds. */
    public record Work(List<Note> notes, double duration) {}

    /**
     * How a work is played.
     *
     * @param tempo      playback speed factor: 1.25 plays the work in 1/1.25 of its score duration
     * @param transpose  semitones added to every pitch class
     * @param fifth      weight of the 3rd-harmonic (fifth above) partial, 0 = pure tones
     * @param third      weight of the 5th-harmonic (major third above) partial
     * @param decay      note envelope decay rate per second (0 = sustained like strings/organ; ~3 = piano)
     * @param noise      amplitude of uniform noise added to every chroma bin
     * @param seed       seed of the noise
     */
    public record Performance(double tempo, int transpose, float fifth, float third, float decay, float noise, long seed) {
        /** The score itself: notated tempo, no overtones, no envelope, no noise. */
        public static Performance score() {
            return new Performance(1.0, 0, 0f, 0f, 0f, 0f, 0);
        }

        /** A random recording-like performance at the given tempo factor and transposition. */
        public static Performance random(Random rnd, double tempo, int transpose) {
            return new Performance(tempo, transpose, 0.1f + 0.4f * rnd.nextFloat(), 0.25f * rnd.nextFloat(),
                    3f * rnd.nextFloat(), 0.05f + 0.15f * rnd.nextFloat(), rnd.nextLong());
        }
    }

    /**
     * A random work of about {@code seconds} score seconds: chords of 1-2 s (triads on scale degrees, weight 0.6)
     * under a melody of 0.25-0.75 s notes (weight 1).
     */
    public static Work randomWork(Random rnd, double seconds) {
        int key = rnd.nextInt(12);
        List<Note> notes = new ArrayList<>();
        double t = 0;
        while (t < seconds) {
            double len = 1.0 + rnd.nextInt(3) * 0.5;
            int degree = rnd.nextInt(7);
            for (int k = 0; k < 3; k++) {
                int pc = (key + MAJOR[(degree + 2 * k) % 7]) % 12;
                notes.add(new Note(t, len, pc, 0.6f));
            }
            double m = t;
            int step = rnd.nextInt(7);
            while (m < t + len - 1e-9) {
                double d = Math.min(0.25 * (1 + rnd.nextInt(3)), t + len - m);
                step = Math.floorMod(step + rnd.nextInt(5) - 2, 7);
                notes.add(new Note(m, d, (key + MAJOR[step]) % 12, 1f));
                m += d;
            }
            t += len;
        }
        notes.sort((a, b) -> Double.compare(a.onset(), b.onset()));
        return new Work(notes, t);
    }

    /**
     * Renders score seconds {@code [from, to)} of a work as chroma at {@code frameRate} Hz, played as {@code p}.
     * The result has {@code ceil((to - from) / tempo * frameRate)} frames; frame {@code t} samples performance
     * time {@code t / frameRate}.
     */
    public static float[][] render(Work w, double from, double to, Performance p, double frameRate) {
        double perfDur = (to - from) / p.tempo();
        int frames = Math.max(1, (int) Math.ceil(perfDur * frameRate - 1e-9));
        float[][] out = new float[frames][12];
        for (Note n : w.notes()) {
            double on = n.onset(), off = n.onset() + n.duration();
            if (off <= from || on >= to) continue;
            double pOn = (Math.max(on, from) - from) / p.tempo();
            double pOff = (Math.min(off, to) - from) / p.tempo();
            double noteStart = (on - from) / p.tempo(); // envelope starts at the true onset
            int t0 = Math.max(0, (int) Math.ceil(pOn * frameRate - 1e-9));
            int t1 = Math.min(frames - 1, (int) Math.ceil(pOff * frameRate - 1e-9) - 1);
            int pc = Math.floorMod(n.pitchClass() + p.transpose(), 12);
            for (int t = t0; t <= t1; t++) {
                float env = (float) Math.exp(-p.decay() * (t / frameRate - noteStart));
                float a = n.weight() * Math.max(env, 0.15f);
                out[t][pc] += a;
                out[t][(pc + 7) % 12] += a * p.fifth();
                out[t][(pc + 4) % 12] += a * p.third();
            }
        }
        if (p.noise() > 0) {
            Random rnd = new Random(p.seed());
            for (float[] f : out) for (int c = 0; c < 12; c++) f[c] += p.noise() * rnd.nextFloat();
        }
        return out;
    }

    /** Random chroma that is not any work (filler between works in a recording): slowly changing random chords. */
    public static float[][] filler(Random rnd, double seconds, double frameRate) {
        Work w = randomWork(rnd, seconds);
        return render(w, 0, w.duration(), Performance.random(rnd, 1.0, 0), frameRate);
    }

    /** Concatenates frame arrays (splicing). */
    public static float[][] concat(List<float[][]> parts) {
        int n = 0;
        for (float[][] p : parts) n += p.length;
        float[][] out = new float[n][];
        int k = 0;
        for (float[][] p : parts) for (float[] f : p) out[k++] = f;
        return out;
    }
}
