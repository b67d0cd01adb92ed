package org.ctcretrieval.query.search;

import java.time.Duration;

/** A search stopped at its {@link SearchDeadline}: it had run longer than its budget. */
public final class SearchTimeoutException extends RuntimeException {
    private final Duration budget;

    public SearchTimeoutException(Duration budget) {
        super("the search took longer than " + seconds(budget) + " and was stopped");
        this.budget = budget;
    }

    /** The time the search was given. */
    public Duration budget() {
        return budget;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
