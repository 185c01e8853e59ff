package io.threadwire.core.spi;

import io.threadwire.core.internal.Mailbox;

/**
 * An unbounded queue that any number of threads put into and one thread takes from, waiting
 * with a deadline: a mailbox's algorithm (one atomic exchange per put, no lock, order kept per
 * producer, a parked taker woken by the put that finds it) for a transport's own threads, such
 * as the reader and writer of a connection.
 *
 * <p>Service-provider interface: not for application code.
 */
public final class HandoffQueue {
    /** What {@link #take} returns when its deadline passed. */
    public static final Object TIMED_OUT = Mailbox.TIMED_OUT;
    /** A deadline that never comes. */
    public static final long NO_DEADLINE = Mailbox.NO_DEADLINE;
    private static final Mailbox.Checkpoint NO_CHECKPOINT = () -> { };

    private final Mailbox queue = new Mailbox();

    /** Appends {@code item}; never blocks. */
    public void put(Object item) {
        queue.put(item);
    }

    /**
     * Taker only: the oldest item, waiting until {@code deadline} ({@link System#nanoTime()}
     * based, or {@link #NO_DEADLINE}); {@link #TIMED_OUT} if none came by then.
     */
    public Object take(long deadline) {
        return queue.take(null, deadline, NO_CHECKPOINT);
    }

    /** Taker only: the oldest item, or null if there is none; never waits. */
    public Object tryTake() {
        return queue.tryTake();
    }

    /** Taker only: whether an item is waiting. */
    public boolean hasItems() {
        return queue.hasMessages();
    }
}
