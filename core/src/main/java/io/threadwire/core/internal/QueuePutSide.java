package io.threadwire.core.internal;

/**
 * The fields of an {@link InboundQueue} that every put touches, kept a cache line away from the
 * ones the owner writes at every take by {@link QueuePadding}, its subclass.
 *
 * <p>A put exchanges {@link #tail}, reads {@link #waiter} and {@link #closed}; a take writes the
 * queue's head. Were they on one cache line, each message would move that line from the
 * producer's core to the owner's and back on top of the message itself, while the owner spins
 * on it (see {@code docs/benchmarks.md}, local ping-pong).
 */
abstract class QueuePutSide extends MailboxNode {

    /** The last node put; exchanged by every put (through {@code InboundQueue.TAIL}). */
    volatile MailboxNode tail;
    /** The owner while it is (about to be) parked; read by every put. */
    volatile Thread waiter;
    /** Whether the mailbox refuses puts; read by every put, written once. */
    volatile boolean closed;

    QueuePutSide() {
        super(null);
    }
}
