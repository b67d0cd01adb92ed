package org.ctcretrieval.bench;

import java.util.List;
import java.util.Random;
import org.ctcretrieval.bench.AudioEffects.Codec;
import org.ctcretrieval.bench.AudioEffects.Reverb;

/**
 * How one recording of the realistic benchmark is rendered, beyond its soundfont.
 *
 * @param programs     the instruments ({@link ProgramSet})
 * @param reverb       room reverb added after rendering (FluidSynth's own reverb is off)
 * @param codec        lossy codec round trip applied last
 * @param tuningHz     frequency of A4 the rendering is tuned to
 * @param tempoStretch factor applied to the performance's durations (2 = twice as slow as the pianist played)
 * @param tempoRatio   performed tempo over the tempo the score marks, over the rendered part (after stretching)
 */
public record RenderConditions(ProgramSet programs, Reverb reverb, Codec codec, double tuningHz, double tempoStretch,
        double tempoRatio) {
    /** Historical and modern concert pitches other than A=440 (Baroque, Classical, two orchestras' choices). */
    public static final List<Double> DETUNINGS = List.of(415.0, 430.0, 443.0, 446.0);
    /** Range of performed-to-marked tempo ratios a stretched recording is drawn from (log-uniformly). */
    public static final double SLOWEST = 0.4;
    public static final double FASTEST = 2.5;

    /**
     * Draws the conditions of one recording: instruments that suit the composer (piano for 30 %, else one of the
     * other sets), no reverb / room / hall (40 / 30 / 30 %), no codec / MP3 / Ogg (50 / 25 / 25 %), A=440 for half
     * of the recordings and one of {@link #DETUNINGS} for the other half, and the tempo as performed for half of
     * them, for the other half a tempo ratio drawn log-uniformly from [{@value #SLOWEST}, {@value #FASTEST}].
     *
     * @param naturalRatio the performance's own tempo over the score's marked tempo
     */
    public static RenderConditions draw(Random random, String composer, double naturalRatio) {
        List<ProgramSet> sets = ProgramSet.suitedTo(composer);
        ProgramSet programs = random.nextDouble() < 0.3 ? ProgramSet.PIANO
                : sets.get(1 + random.nextInt(sets.size() - 1));
        double u = random.nextDouble();
        Reverb reverb = u < 0.4 ? Reverb.NONE : u < 0.7 ? Reverb.ROOM : Reverb.HALL;
        u = random.nextDouble();
        Codec codec = u < 0.5 ? Codec.NONE : u < 0.75 ? Codec.MP3 : Codec.OGG;
        double tuning = random.nextDouble() < 0.5 ? 440 : DETUNINGS.get(random.nextInt(DETUNINGS.size()));
        double stretch = 1;
        if (random.nextDouble() >= 0.5) {
            double target = Math.exp(Math.log(SLOWEST) + random.nextDouble() * (Math.log(FASTEST) - Math.log(SLOWEST)));
            stretch = naturalRatio / target;
        }
        return new RenderConditions(programs, reverb, codec, tuning, stretch, naturalRatio / stretch);
    }

    /** The same conditions tuned to A4 = {@code hz}. */
    public RenderConditions withTuning(double hz) {
        return new RenderConditions(programs, reverb, codec, hz, tempoStretch, tempoRatio);
    }
}
