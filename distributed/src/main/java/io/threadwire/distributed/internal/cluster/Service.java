package io.threadwire.distributed.internal.cluster;

/**
 * One cluster service: the state it owns and how it handles each message, run on its own
 * thread by {@link ServiceLoop}. Nothing else touches its state, so it needs no locks.
 */
public interface Service {

    /** On the service's thread, before its first message: subscribe to peers, start timers. */
    void start();

    /** One message from its mailbox, in arrival order; must not wait for other nodes. */
    void handle(Object message);
}
