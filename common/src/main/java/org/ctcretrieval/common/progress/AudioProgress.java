package org.ctcretrieval.common.progress;

/**
 * What the decoder tells about the recording it is reading, on the thread that reads it: seconds of audio decoded
 * (so a progress display shows that an hour-long recording is moving although no file has finished) and warnings
 * about a file that is read all the same (e.g. a WAV shorter than its header declares). A command sets a listener
 * around the work of one file with {@link #during}; without one, progress goes nowhere and warnings are printed on
 * standard error.
 */
public final class AudioProgress {
    /** Receives the reports of the current thread's decoder. */
    public interface Listener {
        /** {@code seconds} more audio of the current recording were decoded. */
        void decoded(double seconds);

        /** A problem with the file that did not stop it from being read; the message names the file. */
        void warning(String message);
    }

    private static final ThreadLocal<Listener> LISTENER = new ThreadLocal<>();

    private AudioProgress() {}

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code work} on this thread with {@code listener} receiving the decoder's reports. */
    public static <T, E extends Exception> T during(Listener listener, Work<T, E> work) throws E {
        Listener previous = LISTENER.get();
        LISTENER.set(listener);
        try {
            return work.run();
        } finally {
            if (previous == null) LISTENER.remove(); else LISTENER.set(previous);
        }
    }

    /** Called by decoders: {@code seconds} more audio were decoded on this thread. */
    public static void decoded(double seconds) {
        Listener l = LISTENER.get();
        if (l != null) l.decoded(seconds);
    }

    /** Called by decoders: a warning about the file being read on this thread. */
    public static void warning(String message) {
        Listener l = LISTENER.get();
        if (l != null) {
            l.warning(message);
        } else {
            System.err.println("ctcr: warning: " + message);
        }
    }
}
