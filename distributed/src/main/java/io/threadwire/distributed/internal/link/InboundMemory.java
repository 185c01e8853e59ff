package io.threadwire.distributed.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node-wide bound on memory held by what arrives and is not yet delivered
 * ({@code LimitConfig.inboundMemory}): the buffers of messages being put back together, and
 * what messages being decoded may take. Every peer has its own budget too ({@link PeerBudget});
 * this one keeps many peers, each within its own, from taking the heap together.
 *
 * <p>Reassembly {@linkplain #tryTake takes} without waiting (its buffers are held across frames,
 * and readers waiting on each other's could wait for ever); decoding {@linkplain #take waits}
 * for room, which slows its peer down through TCP, since a decode gives its room back as soon
 * as it is done. A single claim bigger than the whole is granted when nothing else is held, so
 * a limit below one message's needs slows that message down instead of refusing it.
 */
public final class InboundMemory {
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long used; // guarded by lock

    public InboundMemory(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code bytes} if they fit now; false (nothing taken) otherwise. */
    public boolean tryTake(long bytes) {
        lock.lock();
        try {
            if (!fits(bytes)) {
                return false;
            }
            used += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code bytes} (capped at the capacity), waiting until they fit or {@code deadline}
     * passes; returns the bytes taken (to {@link #give} back), or -1 if they never fitted.
     */
    public long take(long bytes, long deadline) throws InterruptedException {
        long claim = Math.min(bytes, capacity);
        lock.lock();
        try {
            while (!fits(claim)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                freed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            used += claim;
            return claim;
        } finally {
            lock.unlock();
        }
    }

    public void give(long bytes) {
        if (bytes <= 0) {
            return;
        }
        lock.lock();
        try {
            used -= bytes;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(long bytes) {
        return used + bytes <= capacity || used == 0;
    }

    /** Bytes held now. */
    public long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    public long capacity() {
        return capacity;
    }
}
