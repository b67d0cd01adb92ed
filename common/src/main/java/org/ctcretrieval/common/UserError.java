package org.ctcretrieval.common;

/**
 * Marks an exception whose message is meant for the user: a bad option, an unknown model, a missing tool or data
 * folder. The command line prints such a message as one line and exits with status 2; any other unchecked
 * exception is an internal fault and is reported with its stack trace and a request to report it.
 * {@link InputException} (a bad file) is the checked counterpart.
 */
public interface UserError {
    String getMessage();
}
