package io.threadwire.distributed.internal.link;

import io.threadwire.serialize.spi.SpareArray;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node-wide bound on memory held by what arrives and is not yet delivered
 * ({@code LimitConfig.inboundMemory}), in two halves: one for the buffers of messages being put
 * back together, one for what messages being decoded may take. Every peer has its own budget
 * too ({@link PeerBudget}); this one keeps many peers, each within its own, from taking the heap
 * together, and the halves keep half-sent messages, which peers may leave half sent, from
 * starving the decoding of everyone else's.
 *
 * <p>Reassembly {@linkplain #tryTakeForReassembly takes} without waiting (its buffers are held
 * across frames, and readers waiting on each other's could wait for ever); decoding
 * {@linkplain #takeForDecoding waits} for room, which slows its peer down through TCP, since a
 * decode gives its room back as soon as it is done. A claim bigger than the whole decoding half
 * is cut to it, so a limit below one message's needs slows that message down instead of
 * refusing it.
 */
public final class InboundMemory {
    private final long reassemblyCapacity;
    private final long decodingCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long reassembling; // guarded by lock
    private long decoding;     // guarded by lock
    private final SpareArray spare = new SpareArray();

    public InboundMemory(long capacity) {
        this.reassemblyCapacity = capacity / 2;
        this.decodingCapacity = capacity - reassemblyCapacity;
    }

    /** The buffer the node's readers reuse for the next big message they put together (uncounted while it waits). */
    public SpareArray spareArray() {
        return spare;
    }

    /** Takes {@code bytes} for buffers of half-sent messages if they fit now; false (nothing taken) otherwise. */
    public boolean tryTakeForReassembly(long bytes) {
        return takeForReassemblyWithin(bytes, reassemblyCapacity);
    }

    /**
     * Takes {@code bytes} of room for a reassembly buffer to grow into ahead of its bytes, only
     * while the buffers of half-sent messages then hold at most half their share; false (nothing
     * taken) otherwise, so that such room never takes what other transfers need to go on.
     */
    public boolean tryTakeSurplusForReassembly(long bytes) {
        return takeForReassemblyWithin(bytes, reassemblyCapacity / 2);
    }

    private boolean takeForReassemblyWithin(long bytes, long limit) {
        lock.lock();
        try {
            if (reassembling + bytes > limit) {
                return false;
            }
            reassembling += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void giveFromReassembly(long bytes) {
        lock.lock();
        try {
            reassembling -= bytes;
        } finally {
            lock.unlock();
        }
    }

    /** The most one decoding claim is granted: the decoding half. */
    public long maxDecodingClaim() {
        return decodingCapacity;
    }

    /**
     * Takes {@code bytes} for decoding (cut to the decoding half), waiting until they fit or
     * {@code deadline} passes; returns the bytes taken (to give back), or -1 if they never fitted.
     */
    public long takeForDecoding(long bytes, long deadline) throws InterruptedException {
        long claim = Math.min(bytes, decodingCapacity);
        lock.lock();
        try {
            while (decoding + claim > decodingCapacity) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                freed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            decoding += claim;
            return claim;
        } finally {
            lock.unlock();
        }
    }

    public void giveFromDecoding(long bytes) {
        if (bytes <= 0) {
            return;
        }
        lock.lock();
        try {
            decoding -= bytes;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held now, both halves. */
    public long used() {
        lock.lock();
        try {
            return reassembling + decoding;
        } finally {
            lock.unlock();
        }
    }
}
