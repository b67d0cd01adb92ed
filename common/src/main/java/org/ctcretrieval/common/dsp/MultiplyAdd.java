package org.ctcretrieval.common.dsp;

/**
 * Element-wise multiply-accumulate over arrays, in the form the JIT vectorises: every array of a loop is indexed
 * by the loop variable alone, with no offset. (HotSpot's C2 in Java 17 does not vectorise a loop that reads one
 * array at {@code [i + k]} and writes another at {@code [i]} for a {@code k} unknown at compile time, since it
 * cannot rule out that the two overlap; the callers therefore keep rows of their operands in arrays of their own.)
 *
 * <p>Each element's terms are added one after the other, each by a fused multiply-add ({@link Math#fma}: one
 * instruction on x86-64 with FMA3 and on aarch64, one rounding), so the result of an element is the same as that
 * of a scalar loop over the terms in the same order.
 */
public final class MultiplyAdd {
    private MultiplyAdd() {
    }

    /** {@code acc[i] += c·x[i]} for {@code i < acc.length}. */
    public static void add1(double[] acc, double c, double[] x) {
        for (int i = 0; i < acc.length; i++) acc[i] = Math.fma(c, x[i], acc[i]);
    }

    /** {@code acc[i] += c0·x0[i] + c1·x1[i] + c2·x2[i] + c3·x3[i]} for {@code i < acc.length}, term by term. */
    public static void add4(double[] acc, double c0, double[] x0, double c1, double[] x1, double c2, double[] x2,
            double c3, double[] x3) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] = Math.fma(c3, x3[i], Math.fma(c2, x2[i], Math.fma(c1, x1[i], Math.fma(c0, x0[i], acc[i]))));
        }
    }
}
