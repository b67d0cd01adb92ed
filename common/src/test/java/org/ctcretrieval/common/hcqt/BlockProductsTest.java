package org.ctcretrieval.common.hcqt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blocked basis products (frames as lanes, four coefficients per pass) equal, bit for bit, the direct
 * definition: per row and frame, the sparse (CSR) row times the spectrum, term by term in column order, each term
 * a fused multiply-add, then {@code |sum|² / length}.
 */
class BlockProductsTest {

    /** The direct sparse product of one row with one frame's spectrum {@code (re[k][lane], im[k][lane])}. */
    private static double direct(Stage s, int r, double[][] re, double[][] im, int lane) {
        OctaveBasis b = s.basis();
        double rr = 0;
        double ii = 0;
        double ri = 0;
        double ir = 0;
        for (int p = b.rowPtr[r]; p < b.rowPtr[r + 1]; p++) {
            double xr = re[b.col[p]][lane];
            double xi = im[b.col[p]][lane];
            rr = Math.fma(b.re[p], xr, rr);
            ii = Math.fma(b.im[p], xi, ii);
            ri = Math.fma(b.re[p], xi, ri);
            ir = Math.fma(b.im[p], xr, ir);
        }
        double ar = rr - ii;
        double ai = ri + ir;
        return (ar * ar + ai * ai) * s.inverseLength()[r];
    }

    @Test
    void everyStageMatchesTheDirectSparseProduct() {
        Random rnd = new Random(7);
        int checked = 0;
        for (Stage s : new Hcqt(1).stages()) {
            int bins = Math.max(s.basis().nFft / 2 + 1, s.basis().denseColumns);
            for (int lanes : new int[] {CqtRunner.LANES, 5}) {
                CqtRunner.BlockProducts block = new CqtRunner.BlockProducts(bins, s.basis().rows, lanes);
                for (int k = 0; k < bins; k++) {
                    for (int f = 0; f < lanes; f++) {
                        // spectra are stored as complex64, with magnitudes over many orders
                        block.re[k][f] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3));
                        block.im[k][f] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3));
                    }
                }
                int r0 = Math.max(0, s.minRow() - s.firstRow());
                block.products(s, r0);
                for (int f = 0; f < lanes; f++) {
                    for (int r = r0; r < s.basis().rows; r++) {
                        double expected = direct(s, r, block.re, block.im, f);
                        assertEquals(expected, block.powers[f][r - r0], 0.0, "row " + r + " lane " + f);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20 * 36 * CqtRunner.LANES, "rows checked: " + checked);
    }
}
