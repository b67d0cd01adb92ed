package org.ctcretrieval.query.search;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class FusionRuleTest {
    @Test
    void zScoreSumRewardsAgreementAcrossFeaturesOfDifferentScales() {
        // feature 0 costs run around 0.3, feature 1 around 0.05; recording 2 is second under both, recording 0
        // best under feature 0 only by a hair, recording 1 best under feature 1 by far
        double[][] costs = {{0.300, 0.330, 0.301, 0.400}, {0.080, 0.010, 0.050, 0.090}};
        double[][] f = FusionRule.ZSUM.fuse(costs);
        double[] z0 = FusionRule.zScores(costs[0]);
        assertEquals(0, z0[0] + z0[1] + z0[2] + z0[3], 1e-12);
        for (int r = 0; r < 4; r++) assertEquals(f[1][r] + f[2][r], f[0][r], 1e-12);
        assertTrue(f[0][1] < f[0][0] && f[0][2] < f[0][0], "z-scores make the scales comparable");
        assertEquals(3, argmax(f[0]));
    }

    @Test
    void weightsScaleEachFeaturesZScores() {
        double[][] costs = {{0.1, 0.2, 0.3}, {0.3, 0.2, 0.1}};
        assertEquals(0, FusionRule.ZSUM.fuse(costs)[0][0], 1e-12, "opposite rankings cancel");
        double[][] deep = FusionRule.parse("zsum:0.5,1").fuse(costs);
        assertEquals(2, argmin(deep[0]), "the heavier feature wins");
        var e = assertThrows(IllegalArgumentException.class, () -> FusionRule.parse("zsum:1,2,3").fuse(costs));
        assertTrue(e.getMessage().contains("3 weights for 2 features"));
    }

    @Test
    void reciprocalRankFusionUsesRanksOnly() {
        double[][] costs = {{0.1, 0.2, 0.9}, {0.5, 0.01, 0.6}};
        double[][] f = FusionRule.RRF.fuse(costs);
        assertEquals(-1.0 / 61 - 1.0 / 62, f[0][0], 1e-12);
        assertEquals(-1.0 / 62 - 1.0 / 61, f[0][1], 1e-12);
        assertEquals(-2.0 / 63, f[0][2], 1e-12);
    }

    @Test
    void defaultWeighsFeaturesByFamily() {
        assertEquals(FusionRule.WZSUM, FusionRule.DEFAULT);
        FusionRule r = FusionRule.parse("wzsum").forFeatures(List.of("cqt", "v1_ctc_train1234valid5"));
        assertEquals(new FusionRule("zsum", List.of(0.5, 1.0)), r);
        assertEquals(FusionRule.RRF, FusionRule.RRF.forFeatures(List.of("cqt", "cens")));
        assertThrows(IllegalStateException.class, () -> FusionRule.WZSUM.fuse(new double[][] {{1}}));
    }

    @Test
    void constantCostsGiveZeroZScores() {
        assertArrayEquals(new double[] {0, 0}, FusionRule.zScores(new double[] {0.2, 0.2}));
    }

    @Test
    void rulesParseAndNameTheirErrors() {
        assertEquals(FusionRule.RRF, FusionRule.parse("RRF"));
        assertEquals(List.of(1.0, 2.0), FusionRule.parse("zsum:1,2").weights());
        assertEquals("zsum:1.0,2.0", FusionRule.parse("zsum:1,2").label());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FusionRule.parse("max")).getMessage()
                .contains("unknown fusion rule 'max'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FusionRule.parse("zsum:1,x")).getMessage()
                .contains("bad fusion rule 'zsum:1,x'"));
        assertThrows(IllegalArgumentException.class, () -> FusionRule.parse("zsum:-1,1"));
    }

    private static int argmin(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[b]) b = i;
        return b;
    }

    private static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }
}
