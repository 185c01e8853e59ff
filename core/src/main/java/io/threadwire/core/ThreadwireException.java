package io.threadwire.core;

/** The base of every exception threadwire throws for a failure the caller can act on. */
public class ThreadwireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed (may be null) */
    public ThreadwireException(String message) {
        super(message);
    }

    /** @param message what failed (may be null); @param cause why (may be null) */
    public ThreadwireException(String message, Throwable cause) {
        super(message, cause);
    }
}
