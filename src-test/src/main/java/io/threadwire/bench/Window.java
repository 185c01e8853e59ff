package io.threadwire.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sender's side of the flow-control window of the remote throughput benchmark: at most
 * {@link #SIZE} messages sent and not yet acknowledged. Each acknowledgement carries the
 * receiver's cumulative count and gives back the difference to the previous one.
 */
final class Window {
    static final int SIZE = 50_000;
    static final int ACK_EVERY = 10_000;
    /** A sender or a waiter that hears nothing for this long gives up: something was lost. */
    private static final long STALL_SECONDS = 60;

    private final Semaphore credits = new Semaphore(SIZE);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long acked; // guarded by lock

    /** Takes one credit, waiting for an acknowledgement when none is left. */
    void acquire() throws InterruptedException {
        if (!credits.tryAcquire() && !credits.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no acknowledgement for " + STALL_SECONDS + " s (acknowledged so far: "
                    + acked() + ")");
        }
    }

    /** Records the receiver's cumulative count (called by the thread that receives the Acks). */
    void acked(long count) {
        lock.lock();
        try {
            credits.release((int) (count - acked));
            acked = count;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long acked() {
        lock.lock();
        try {
            return acked;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the receiver has acknowledged {@code count} messages in all. */
    void awaitAcked(long count) throws InterruptedException {
        long left = TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        lock.lock();
        try {
            while (acked < count) {
                if (left <= 0) {
                    throw new IllegalStateException("the receiver acknowledged " + acked + " of " + count + " messages");
                }
                left = advanced.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
