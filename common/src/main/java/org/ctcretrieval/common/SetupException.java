package org.ctcretrieval.common;

/** Something the machine lacks (a tool, the shared data, a model checkpoint); the message says how to fix it. */
public class SetupException extends IllegalStateException implements UserError {
    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
