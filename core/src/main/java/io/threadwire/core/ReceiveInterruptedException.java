package io.threadwire.core;

/**
 * The thread was interrupted while it waited in {@code receive} or {@code sendSynchronous},
 * or its node is closing. The interrupt status is cleared, as with
 * {@link InterruptedException}; a thread whose node is closing gets this exception from
 * every later wait, so it cannot miss the request to end.
 */
public class ReceiveInterruptedException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    /** @param message what was interrupted (may be null) */
    public ReceiveInterruptedException(String message) {
        super(message);
    }
}
