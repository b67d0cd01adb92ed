package org.ctcretrieval.server;

/** A request the server refuses, with the HTTP status and the message the client gets in its JSON error body. */
final class ApiError extends RuntimeException {
    final int status;
    /** Seconds after which the client may try again (503), or 0. */
    final int retryAfter;

    ApiError(int status, String message) {
        this(status, message, 0);
    }

    ApiError(int status, String message, int retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static ApiError notFound(String what) {
        return new ApiError(404, what);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }
}
