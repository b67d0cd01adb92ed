package org.ctcretrieval.common.dsp;

/** Modified Bessel function of the first kind, as needed for Kaiser windows. */
public final class Bessel {
    private Bessel() {
    }

    /**
     * I<sub>0</sub>(x), the modified Bessel function of the first kind of order zero, by its power series
     * Σ<sub>k</sub> ((x/2)<sup>k</sup>/k!)<sup>2</sup>, summed until terms no longer change the sum. All terms are
     * positive, so the series is numerically stable; accurate to a few ulp for |x| up to several hundred (Kaiser
     * windows use β &lt; 20).
     *
     * @param x argument (any real; I<sub>0</sub> is even)
     * @return I<sub>0</sub>(x)
     */
    public static double i0(double x) {
        double q = 0.25 * x * x;
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; k < 1000; k++) {
            term *= q / ((double) k * k);
            double next = sum + term;
            if (next == sum) break;
            sum = next;
        }
        return sum;
    }
}
