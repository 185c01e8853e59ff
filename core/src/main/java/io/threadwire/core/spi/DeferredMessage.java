package io.threadwire.core.spi;

/**
 * A message put in a mailbox before it is decoded: the thread that owns the mailbox decodes it
 * when a take first reaches it, so that a transport need not decode big messages on its own
 * threads (where each would hold up the messages behind it for other threads).
 *
 * <p>Whatever reads a mailbox sees only what {@link #open} returns, never this object: a take,
 * a selective take's filter, a synchronous call's wait. Order is kept: the message keeps its
 * place among the others.
 *
 * <p>Service-provider interface: not for application code.
 */
public interface DeferredMessage {
    /**
     * Runs on the mailbox owner's thread. Returns the message, or null if it is to be dropped
     * (the implementation counts and reports that). Returns the same result every time it is
     * called, so a message looked at and left by a selective take is decoded once. Never throws;
     * may wait for memory to decode in.
     */
    Object open();
}
