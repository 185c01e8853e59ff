package io.threadwire.distributed.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * What one channel's peer has handed the node's services that answer peers (the node service,
 * global names) that they have not handled yet: its messages in their mailboxes.
 *
 * <p>Why a bound: such a service may wait on a peer (an answer waits for room in that peer's
 * queue, up to the send timeout) while the channel's reader, which never waited on a mailbox,
 * went on decoding that peer's requests into the service's mailbox. A peer that asked the node service
 * for answers and read none of them had a million requests (250 MB of heap) queued there in
 * four seconds, and the service answered nobody else meanwhile. So the reader hands a peer's
 * messages to a service only while fewer than {@value #MAX_BYTES} bytes of them wait there
 * (each counted {@value #PER_MESSAGE} bytes besides its payload, for the objects it decodes
 * to); else it waits, and TCP slows the peer down, as a reader does for room to decode. A
 * message arriving while none waits is handed on whatever its size.
 *
 * <p>The reader alone takes, the service threads give back: thread-safe.
 */
public final class ServiceBacklog {
    /** Bytes of one channel's messages that may wait in the services' mailboxes. */
    static final long MAX_BYTES = 1 << 20;
    /** What a message counts besides its payload: the objects a small request decodes to, and its place in a mailbox. */
    static final int PER_MESSAGE = 256;
    /** Longest park while waiting: a channel's close is noticed within it. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long waiting; // guarded by lock

    /** What a message of {@code payloadBytes} counts here. */
    public static long cost(int payloadBytes) {
        return (long) payloadBytes + PER_MESSAGE;
    }

    /** Bytes counted now. */
    public long waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a message costing {@code cost} may be handed on now. */
    boolean hasRoom(long cost) {
        lock.lock();
        try {
            return fits(cost);
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(long cost) {
        return waiting == 0 || waiting + cost <= MAX_BYTES;
    }

    /**
     * Waits until a message costing {@code cost} may be handed on, at most {@code timeoutNanos};
     * false if that time passed first or {@code closed} turned true (checked at least every 50 ms).
     */
    boolean awaitRoom(long cost, long timeoutNanos, BooleanSupplier closed) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (!fits(cost)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.getAsBoolean()) {
                    return false;
                }
                released.awaitNanos(Math.min(left, MAX_PARK_NANOS));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts a message handed to a service; the reader's, after room was found. */
    public void take(long cost) {
        lock.lock();
        try {
            waiting += cost;
        } finally {
            lock.unlock();
        }
    }

    /** A message counted by {@link #take} was handled, or never reached its service. */
    public void release(long cost) {
        lock.lock();
        try {
            waiting -= cost;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
