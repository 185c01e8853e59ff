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
 * <p><b>Past the limit.</b> Only items that never wait take a queue past its limit: the signals
 * and answers the node owes a peer that does not read them. Per queue they are bounded by
 * {@link SendQueue#CEILING} times the limit; what all queues hold past their limits together is
 * charged to the node's {@link PeerStateMemory}, so that the sum does not grow with the number of
 * peers. A queue within its limit takes nothing of it: a peer that keeps up is never refused.
 * Each change of {@code used} charges or gives back exactly the change of the part past the
 * limit, from the values before and after, so the node's count is exact without a lock.
 *
 * <p>The fast path is one atomic add; only a waiting sender takes the lock.
 */
final class OutboundBudget {
    /**
     * Added to {@code used} when the channel closes: the count reads negative from then on, so no
     * later change charges the node for a queue no writer empties (see {@link #close}).
     */
    private static final long CLOSED = Long.MIN_VALUE / 2;

    private final long limit;
    private final PeerStateMemory allPeers;
    private final AtomicLong used = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private volatile int waiters;

    OutboundBudget(long limit) {
        this(limit, PeerStateMemory.unbounded());
    }

    /** @param allPeers what the node's queues may hold past their limits together, with the rest it keeps for peers */
    OutboundBudget(long limit, PeerStateMemory allPeers) {
        this.limit = limit;
        this.allPeers = allPeers;
    }

    long limit() {
        return limit;
    }

    long allPeersLimit() {
        return allPeers.limit();
    }

    /** Bytes queued and not yet handed to KryoNet (after {@link #close}, those left behind). */
    long used() {
        long u = used.get();
        return u < 0 ? u - CLOSED : u;
    }

    /** Takes {@code n} bytes without waiting, whatever the node holds past its queues' limits. */
    void force(long n) {
        long after = used.addAndGet(n);
        allPeers.add(pastLimit(after) - pastLimit(after - n));
    }

    /**
     * Takes {@code n} bytes without waiting if what they put past the limit fits in the node's
     * {@link PeerStateMemory}; false, taking nothing, if not.
     */
    boolean tryForce(long n) {
        for (;;) {
            long u = used.get();
            long charge = pastLimit(u + n) - pastLimit(u);
            if (charge > 0 && !allPeers.tryTake(charge)) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
            allPeers.give(charge);
        }
    }

    /**
     * The channel has closed and its writer writes nothing more: gives the node back what this
     * queue held past its limit. Later changes charge nothing (see {@link #CLOSED}). Idempotent.
     */
    void close() {
        for (;;) {
            long u = used.get();
            if (u < 0) {
                return;
            }
            if (used.compareAndSet(u, u + CLOSED)) {
                allPeers.give(pastLimit(u));
                return;
            }
        }
    }

    /** The part of a count past the limit; none once closed (the count is negative). */
    private long pastLimit(long u) {
        return u <= limit ? 0 : u - limit;
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
                allPeers.add(pastLimit(u + n) - pastLimit(u)); // only an answer's wait passes the limit, by an item's overhead
                return true;
            }
        }
    }

    /** Gives back {@code n} bytes (the writer, after handing them to KryoNet). */
    void release(long n) {
        long after = used.addAndGet(-n);
        allPeers.give(pastLimit(after + n) - pastLimit(after));
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
