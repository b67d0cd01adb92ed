package org.ctcretrieval.common;

/** An option or argument value the user gave that cannot be used; the message says which and why. */
public class UsageException extends IllegalArgumentException implements UserError {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
