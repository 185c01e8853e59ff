package io.threadwire.distributed.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The fragmented items one channel has in progress: begun (the first fragment queued) and not
 * yet whole in the queue (the last one queued). The peer puts each back together while its
 * fragments arrive, and holds at most {@code Reassembly.MAX_TRANSFERS} of them and twice the
 * largest item in bytes at once; past either, it takes the channel for a hostile one and closes
 * it. Fragments leave in the order they were queued, so what the peer holds at any moment is at
 * most what this window held when the fragment it reads was queued.
 *
 * <p>So a sender waits here before its first fragment ({@link #acquire}) while the window is
 * full: it holds at most half the peer's bounds in senders' items (one item alone is always let
 * in). The other half is for the items the node queues without waiting ({@link #force}: big
 * signals, items kept while the channel was made), which are counted but never wait. Without
 * this, a few threads sending big messages at once had their fragments interleaved, the peer
 * found more than its bound in progress, and closed the connection.
 */
final class TransferWindow {
    /** Longest wait before looking again whether the channel is still open: a close wakes no one. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long maxBytes;
    private final int maxTransfers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long bytes;     // guarded by lock
    private int transfers;  // guarded by lock

    /**
     * @param maxBytes     bytes of items in progress senders may have at once (one item alone is let in whatever its size)
     * @param maxTransfers items in progress senders may have at once
     */
    TransferWindow(long maxBytes, int maxTransfers) {
        this.maxBytes = maxBytes;
        this.maxTransfers = maxTransfers;
    }

    /** No bound: for a queue whose peer puts back any number of items at once (a unit test's). */
    static TransferWindow unbounded() {
        return new TransferWindow(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Takes room for an item of {@code length} bytes about to be cut, waiting while the window
     * is full, up to {@code timeoutNanos}; false, with nothing taken, if it stayed full or
     * {@code open} turned false.
     */
    boolean acquire(int length, long timeoutNanos, BooleanSupplier open) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (transfers > 0 && (transfers >= maxTransfers || bytes + length > maxBytes)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !open.getAsBoolean()) {
                    return false;
                }
                released.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
            take(length);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts an item of {@code length} bytes the node queues without waiting. */
    void force(int length) {
        lock.lock();
        try {
            take(length);
        } finally {
            lock.unlock();
        }
    }

    /** An item of {@code length} bytes is whole in the queue, or was abandoned: its room is free. */
    void release(int length) {
        lock.lock();
        try {
            transfers--;
            bytes -= length;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void take(int length) { // lock held
        transfers++;
        bytes += length;
    }
}
