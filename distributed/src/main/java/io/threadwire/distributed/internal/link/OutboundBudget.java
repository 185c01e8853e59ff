package io.threadwire.distributed.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes a channel has queued but not yet handed to KryoNet: senders take, the writer gives
 * back. This is threadwire's back-pressure: a sender waits, up to a deadline, while the queue
 * is over its limit, so a peer that reads slowly slows its senders down instead of filling the
 * heap. Control items (monitors, downs, heartbeats) are counted but never wait.
 *
 * <p>The fast path is one atomic add; only a waiting sender takes the lock.
 */
final class OutboundBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private volatile int waiters;

    OutboundBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    long used() {
        return used.get();
    }

    /** Takes {@code n} bytes without waiting. */
    void force(long n) {
        used.addAndGet(n);
    }

    /**
     * Takes {@code n} bytes once the queue holds at most {@code threshold - n} (or nothing at
     * all, so an item bigger than the threshold still goes, alone). Returns false when
     * {@code timeoutNanos} have passed or {@code open} turns false. A timeout rather than a
     * deadline: the clock is read only when the caller has to wait, not on every send (a read
     * costs about 27 ns on a virtual machine's clock, a tenth of the sending thread's work).
     */
    boolean acquire(long n, long threshold, long timeoutNanos, java.util.function.BooleanSupplier open)
            throws InterruptedException {
        if (tryTake(n, threshold)) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            waiters++;
            try {
                while (!tryTake(n, threshold)) {
                    if (!open.getAsBoolean()) {
                        return false;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    // bounded wait: a closing channel wakes no one, so look again now and then
                    released.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                }
                return true;
            } finally {
                waiters--;
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean tryTake(long n, long threshold) {
        for (;;) {
            long u = used.get();
            if (u != 0 && u + n > threshold) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    /** Gives back {@code n} bytes (the writer, after handing them to KryoNet). */
    void release(long n) {
        used.addAndGet(-n);
        if (waiters > 0) {
            lock.lock();
            try {
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
