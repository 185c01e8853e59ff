package io.threadwire.core;

/**
 * No matching message arrived within a {@code receive} timeout, or no reply arrived within a
 * {@code sendSynchronous} timeout. The mailbox is unchanged: nothing was taken out of it.
 */
public class ReceiveTimeoutException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    /** @param message what timed out (may be null) */
    public ReceiveTimeoutException(String message) {
        super(message);
    }
}
