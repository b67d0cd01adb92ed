package org.ctcretrieval.query.audio;

import org.ctcretrieval.common.UsageException;
import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.pitch.PitchDetector;
import be.tarsos.dsp.pitch.PitchProcessor.PitchEstimationAlgorithm;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Frame-wise fundamental frequency of a monophonic recording (a hummed, sung or whistled melody) with one of
 * TarsosDSP's pitch detectors.
 *
 * <p>Frames of {@link #BUFFER} samples (46 ms at 22050 Hz: two periods of the lowest hummed pitch, about 45 Hz)
 * every {@link #HOP} samples (10 ms). A frame counts as voiced when the detector reports a pitch between
 * {@link #MIN_HZ} and {@link #MAX_HZ}, with a probability of at least {@link #MIN_PROBABILITY} where the detector
 * reports one (YIN: 1 - aperiodicity; MPM: clarity; AMDF and the wavelet detector report none), and the frame's
 * level is within {@link #GATE_DB} of the loudest frame (breath noise between phrases is not melody).
 */
public final class PitchTracker {
    /** TarsosDSP detectors worth comparing (FFT_PITCH, a spectral-peak picker, is left out: it has no voicing). */
    public enum Detector {
        YIN(PitchEstimationAlgorithm.YIN),
        FFT_YIN(PitchEstimationAlgorithm.FFT_YIN),
        MPM(PitchEstimationAlgorithm.MPM),
        DYNAMIC_WAVELET(PitchEstimationAlgorithm.DYNAMIC_WAVELET),
        AMDF(PitchEstimationAlgorithm.AMDF);

        private final PitchEstimationAlgorithm algorithm;

        Detector(PitchEstimationAlgorithm algorithm) {
            this.algorithm = algorithm;
        }

        /** Parses a name as written on the command line: {@code yin}, {@code fft-yin}, {@code mpm}, ... */
        public static Detector parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown pitch detector '" + name + "' (yin, fft-yin, mpm, dynamic-wavelet, amdf)");
            }
        }

        /** The command-line name, e.g. {@code fft-yin}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Default detector: YIN computed with FFTs, the same pitch track as YIN seven times faster (docs/benchmark.md). */
    public static final Detector DEFAULT = Detector.FFT_YIN;
    public static final int BUFFER = 1024;
    public static final int HOP = 221;
    public static final double MIN_HZ = 60;
    public static final double MAX_HZ = 2500;
    public static final double MIN_PROBABILITY = 0.7;
    public static final double GATE_DB = 35;

    private final Detector detector;

    public PitchTracker(Detector detector) {
        this.detector = detector;
    }

    public Detector detector() {
        return detector;
    }

    /**
     * Tracks the pitch of {@code samples}.
     *
     * @return one entry per hop: frame {@code i} covers samples {@code i * HOP .. i * HOP + BUFFER} and is centred
     *         at {@code (i * HOP + BUFFER / 2) / rate} seconds
     */
    public PitchContour track(float[] samples, int rate) {
        return track(samples, rate, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #track(float[], int)} in at most {@code maxBlocks} parallel blocks of frames (the same contour for any). */
    PitchContour track(float[] samples, int rate, int maxBlocks) {
        int frames = samples.length < BUFFER ? 0 : 1 + (samples.length - BUFFER) / HOP;
        float[] midi = new float[frames];
        double[] level = new double[frames];
        double loudest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int k = 0; k < BUFFER; k++) {
                float v = samples[i * HOP + k];
                sum += v * v;
            }
            level[i] = 10 * Math.log10(sum / BUFFER + 1e-20);
            loudest = Math.max(loudest, level[i]);
        }
        double gate = loudest - GATE_DB;
        // Frames are independent: blocks of them are tracked in parallel, each block with its own detector (the
        // detectors keep per-frame buffers), so a query's tracking takes a fraction of its time on several cores.
        int blocks = Math.max(1, Math.min(maxBlocks, frames / MIN_BLOCK_FRAMES));
        IntStream.range(0, blocks).parallel().forEach(b ->
                trackBlock(samples, rate, level, gate, (int) ((long) frames * b / blocks), (int) ((long) frames * (b + 1) / blocks), midi));
        return new PitchContour(midi, (double) HOP / rate, BUFFER / 2.0 / rate);
    }

    /** Frames per parallel block at least (about 5 s of audio): shorter blocks are not worth a thread. */
    static final int MIN_BLOCK_FRAMES = 500;

    /** Tracks frames {@code [from, to)} into {@code midi}. */
    private void trackBlock(float[] samples, int rate, double[] level, double gate, int from, int to, float[] midi) {
        PitchDetector pitch = detector.algorithm.getDetector(rate, BUFFER);
        float[] buffer = new float[BUFFER];
        for (int i = from; i < to; i++) {
            midi[i] = Float.NaN;
            if (level[i] < gate) continue;
            System.arraycopy(samples, i * HOP, buffer, 0, BUFFER);
            PitchDetectionResult r = pitch.getPitch(buffer);
            float hz = r.getPitch();
            boolean probable = r.getProbability() < 0 || r.getProbability() >= MIN_PROBABILITY;
            if (r.isPitched() && probable && hz >= MIN_HZ && hz <= MAX_HZ) midi[i] = (float) hzToMidi(hz);
        }
    }

    public static double hzToMidi(double hz) {
        return 69 + 12 * Math.log(hz / 440) / Math.log(2);
    }

    /**
     * A pitch track.
     *
     * @param midi        fractional MIDI pitch per frame (69 = A4 = 440 Hz), NaN where unvoiced
     * @param hopSeconds  seconds between frames
     * @param firstCentre time of frame 0's centre, seconds
     */
    public record PitchContour(float[] midi, double hopSeconds, double firstCentre) {
        public double timeOf(int frame) {
            return firstCentre + frame * hopSeconds;
        }

        public int voicedFrames() {
            int n = 0;
            for (float m : midi) if (!Float.isNaN(m)) n++;
            return n;
        }
    }
}
