package io.threadwire.core;

/** The base of every exception threadwire throws for a failure the caller can act on. */
public class ThreadwireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ThreadwireException(String message) {
        super(message);
    }

    public ThreadwireException(String message, Throwable cause) {
        super(message, cause);
    }
}
