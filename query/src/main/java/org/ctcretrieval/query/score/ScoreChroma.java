package org.ctcretrieval.query.score;

import java.util.List;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Turns a note list into a chroma sequence comparable, frame by frame, with audio chroma (deep chroma at 25 Hz
 * compared by cosine-cost DTW).
 *
 * <p>Frame {@code t} is centred at {@code first onset + t / frameRate} seconds and covers half a frame period
 * either side, so frame 0 starts the query at its first note (a leading rest is not part of the query) and the
 * sequence ends with the frame holding the last note offset: {@code T = max(1, ceil((lastOffset - firstOnset) *
 * frameRate))}. Each pitch class gets a weight per {@link ChromaWeighting}; each frame is then L2-normalised.
 * Frames with no sounding note (rests) get the uniform vector {@code 1/sqrt(12)} in every entry, as
 * {@code librosa.util.normalize(..., norm=2, fill=True)} fills zero columns — the convention of the audio
 * features, so a rest is equally (dis)similar to every audio frame under the cosine cost.
 */
public final class ScoreChroma {
    /** Feature ID of score chroma sequences. */
    public static final String FEATURE_ID = "score";
    /** Entry of every bin of a frame without notes: {@code 1 / sqrt(12)}. */
    public static final float SILENT_VALUE = (float) (1.0 / Math.sqrt(12));

    private ScoreChroma() {}

    /**
     * Computes the chroma of {@code notes}.
     *
     * @param notes     notes with times in seconds ({@link Note#onsetSeconds()}, {@link Note#durationSeconds()})
     * @param frameRate frames per second, e.g. 25
     * @param weighting how notes are weighted
     * @return a {@code [T][12]} sequence with feature ID {@value #FEATURE_ID}, bins C, C#, ..., B
     * @throws IllegalArgumentException if {@code notes} is empty or the frame rate is not positive
     */
    /** Frame rate of the chroma of a search query (that of deep chroma; the searcher resamples it). */
    public static final double QUERY_RATE = 25.0;

    /**
     * The chroma a theme is searched with: the selected notes of {@code file}, duration-weighted (a note covering
     * part of a frame counts by that fraction), at {@link #QUERY_RATE}.
     *
     * @throws org.ctcretrieval.common.InputException naming the file if it cannot be read or the selection is empty
     */
    public static FeatureSequence query(java.nio.file.Path file, ScoreSelection selection) throws java.io.IOException {
        return query(ScoreReader.read(file, selection));
    }

    /** The chroma a theme is searched with, from a score already read (see {@link #query(java.nio.file.Path, ScoreSelection)}). */
    public static FeatureSequence query(Score score) {
        return compute(score.notes(), QUERY_RATE, ChromaWeighting.DURATION);
    }

    /**
     * The chroma a theme is searched with under a {@link QueryModel}: the selected notes of {@code file} as the
     * model keeps and weights them, at {@link #QUERY_RATE}. A part or staff in {@code selection} overrides the
     * model's choice of notes.
     *
     * @throws org.ctcretrieval.common.InputException naming the file if it cannot be read or the selection is empty
     */
    public static FeatureSequence query(java.nio.file.Path file, ScoreSelection selection, QueryModel model)
            throws java.io.IOException {
        return model.chroma(ScoreReader.read(file, selection), selection.part() != null || selection.staff() != null,
                QUERY_RATE);
    }

    public static FeatureSequence compute(List<Note> notes, double frameRate, ChromaWeighting weighting) {
        if (!(frameRate > 0)) throw new IllegalArgumentException("frame rate must be positive: " + frameRate);
        if (notes.isEmpty()) throw new org.ctcretrieval.common.UsageException("no notes to compute chroma from");
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (Note n : notes) {
            first = Math.min(first, n.onsetSeconds());
            last = Math.max(last, n.offsetSeconds());
        }
        int frames = Math.max(1, (int) Math.ceil((last - first) * frameRate - 1e-9));
        double[][] acc = new double[frames][12];
        double half = 0.5 / frameRate;
        for (Note n : notes) {
            double on = n.onsetSeconds() - first;
            double off = n.offsetSeconds() - first;
            int t0 = Math.max(0, (int) Math.floor((on - half) * frameRate));
            int t1 = Math.min(frames - 1, (int) Math.ceil((off + half) * frameRate));
            for (int t = t0; t <= t1; t++) {
                double lo = t / frameRate - half;
                double hi = t / frameRate + half;
                double overlap = (Math.min(hi, off) - Math.max(lo, on)) * frameRate;
                if (overlap <= 1e-9) continue;
                double[] f = acc[t];
                int pc = n.pitchClass();
                switch (weighting) {
                    case BINARY -> f[pc] = 1;
                    case DURATION -> f[pc] += overlap;
                    case VELOCITY -> f[pc] += overlap * n.velocity() / 127.0;
                    case ONSET -> f[pc] += overlap * Math.exp(-Math.max(0, t / frameRate - on)
                            / QueryModel.ONSET_DECAY_SECONDS);
                }
            }
        }
        float[][] out = new float[frames][12];
        for (int t = 0; t < frames; t++) {
            double norm = 0;
            for (double v : acc[t]) norm += v * v;
            norm = Math.sqrt(norm);
            for (int c = 0; c < 12; c++) {
                out[t][c] = norm > 1e-12 ? (float) (acc[t][c] / norm) : SILENT_VALUE;
            }
        }
        return new FeatureSequence(FEATURE_ID, frameRate, out);
    }
}
