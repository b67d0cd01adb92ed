package org.ctcretrieval.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.ctcretrieval.common.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the realistic preset selects (no rendering): conditions, stretched beats and tempo ratios. */
class RealisticPlanTest {
    @TempDir static Path dir;
    static BenchmarkOptions options;
    static BenchmarkPlan plan;

    @BeforeAll
    static void plan() throws Exception {
        Path asap = SharedData.require(SharedData.datasets().resolve("asap"), "ASAP dataset subset");
        options = BenchmarkOptions.defaults(asap, dir.resolve("r")).withPieces(12).withPerformances(3)
                .withMaxSeconds(60).asRealistic();
        plan = new BenchmarkBuilder(options, new PrintStream(new ByteArrayOutputStream())).plan();
    }

    @Test
    void everyRecordingHasConditionsAndTheyVary() {
        assertEquals(BenchmarkOptions.REALISTIC_SOUNDFONTS, options.soundfonts());
        List<RenderConditions> all = plan.recordings().stream().map(r -> r.conditions().orElseThrow()).toList();
        assertTrue(all.size() >= 24, "recordings: " + all.size());
        for (Function<RenderConditions, Object> f : List.<Function<RenderConditions, Object>>of(
                RenderConditions::programs, RenderConditions::reverb, RenderConditions::codec,
                RenderConditions::tuningHz, c -> c.tempoStretch() == 1)) {
            Set<Object> values = new HashSet<>();
            all.forEach(c -> values.add(f.apply(c)));
            assertTrue(values.size() >= 2, "a condition never varies: " + values);
        }
        Set<Path> soundfonts = new HashSet<>();
        plan.recordings().forEach(r -> soundfonts.add(r.soundfont()));
        assertEquals(3, soundfonts.size());
        for (RenderConditions c : all) {
            assertTrue(c.tuningHz() == 440 || RenderConditions.DETUNINGS.contains(c.tuningHz()), "tuning " + c.tuningHz());
            if (c.tempoStretch() != 1) {
                assertTrue(c.tempoRatio() >= RenderConditions.SLOWEST - 1e-9 && c.tempoRatio() <= RenderConditions.FASTEST + 1e-9,
                        "drawn tempo ratio " + c.tempoRatio());
            }
        }
    }

    @Test
    void instrumentsSuitTheComposer() {
        for (BenchmarkPlan.Recording r : plan.recordings()) {
            String composer = r.recordingId().split("_")[0];
            ProgramSet p = r.conditions().orElseThrow().programs();
            assertTrue(ProgramSet.suitedTo(composer).contains(p), composer + " on " + p.name());
        }
    }

    @Test
    void beatsAreTheStretchedPerformanceAndRatiosFollowThem() throws Exception {
        for (BenchmarkPlan.Recording r : plan.recordings()) {
            double stretch = r.conditions().orElseThrow().tempoStretch();
            assertArrayEquals(BeatAnnotations.read(r.performance().annotations()).scaled(stretch).seconds(),
                    r.beats().seconds(), 1e-9);
        }
        Set<String> tempos = new HashSet<>();
        for (BenchmarkPlan.Piece p : plan.pieces()) tempos.add(p.scoreTempo());
        assertTrue(tempos.contains(BenchmarkBuilder.TEMPO_REMOVED), "some scores lose their tempo: " + tempos);
        for (BenchmarkPlan.Query q : plan.queries()) {
            for (var e : q.spans().entrySet()) {
                double ratio = q.tempoRatios().get(e.getKey());
                assertTrue(ratio > 0.1 && ratio < 10, q.spec().id() + " in " + e.getKey() + ": ratio " + ratio);
                assertTrue(e.getValue()[1] <= options.maxSeconds(), "snippet within the rendered part");
            }
        }
        for (BenchmarkPlan.Piece p : plan.pieces()) {
            boolean removed = p.scoreTempo().equals(BenchmarkBuilder.TEMPO_REMOVED);
            assertEquals(removed, p.score().getFileName().toString().endsWith(".musicxml"), p.score().toString());
        }
    }

    @Test
    void aFixedTuningChangesTheTuningAndNothingElse() throws Exception {
        BenchmarkPlan fixed = new BenchmarkBuilder(options.withTuning(415), new PrintStream(new ByteArrayOutputStream()))
                .plan();
        assertEquals(plan.recordings().size(), fixed.recordings().size());
        for (int i = 0; i < plan.recordings().size(); i++) {
            BenchmarkPlan.Recording drawn = plan.recordings().get(i);
            BenchmarkPlan.Recording tuned = fixed.recordings().get(i);
            assertEquals(drawn.recordingId(), tuned.recordingId());
            assertEquals(drawn.soundfont(), tuned.soundfont());
            assertEquals(drawn.conditions().orElseThrow().withTuning(415), tuned.conditions().orElseThrow());
        }
        assertEquals(plan.queries().size(), fixed.queries().size());
    }

    @Test
    void aTuningMoreThanTwoSemitonesAwayIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(org.ctcretrieval.common.UsageException.class,
                () -> options.withTuning(380));
    }
}
