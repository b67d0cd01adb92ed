package org.ctcretrieval.query.search;

import java.time.Duration;

/**
 * The moment a search gives up. A search checks it between its units of work (a recording's windows, coarse pass,
 * DTW or location), so it stops within one unit after the deadline with a {@link SearchTimeoutException} and frees
 * its thread, instead of running on for nobody. {@link #NONE}, the default of {@link SearchOptions}, never passes
 * and costs no clock reading.
 */
public final class SearchDeadline {
    /** No deadline. */
    public static final SearchDeadline NONE = new SearchDeadline(0, Duration.ZERO);

    private final long endNanos;
    private final Duration budget;

    private SearchDeadline(long endNanos, Duration budget) {
        this.endNanos = endNanos;
        this.budget = budget;
    }

    /** A deadline {@code budget} from now ({@link System#nanoTime()}). */
    public static SearchDeadline after(Duration budget) {
        if (budget.isNegative()) throw new IllegalArgumentException("a search budget must not be negative: " + budget);
        return new SearchDeadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** The time the search was given. */
    public Duration budget() {
        return budget;
    }

    /** Whether the deadline has passed. */
    public boolean passed() {
        return this != NONE && System.nanoTime() - endNanos >= 0;
    }

    /**
     * Throws if the deadline has passed.
     *
     * @throws SearchTimeoutException if it has
     */
    public void check() {
        if (passed()) throw new SearchTimeoutException(budget);
    }
}
