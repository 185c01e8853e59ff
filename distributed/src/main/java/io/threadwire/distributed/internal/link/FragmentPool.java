package io.threadwire.distributed.internal.link;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Arrays of fragments that a node's channels have written, for its senders to cut the next
 * fragments of big messages into. Any thread may take or give.
 *
 * <p>Why: a 16 MiB message leaves as 256 fragments of 64 KiB, and a sender that allocated each
 * filled its young generation with them several times a second. Each collection stops the
 * sending node while the other node keeps both cores busy, and a small message in flight then
 * waits for its end (docs/benchmarks.md, head of line). With the arrays used again, a stream of
 * big messages allocates almost nothing on its sender.
 *
 * <p>Bounded: at most {@code maxBytes} in all (half an outbound buffer, as much as one channel
 * may have queued in fragments), kept for as long as the node runs. Its channels give it only
 * whole {@code FragmentNext}s, all of one length ({@link SendQueue}); an array is taken only at
 * the length asked for, and one of another length is dropped when it comes up.
 */
public final class FragmentPool {
    private final ConcurrentLinkedQueue<byte[]> arrays = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;

    public FragmentPool(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of exactly {@code length} bytes that nobody uses any more, or null. */
    byte[] take(int length) {
        byte[] b = arrays.poll();
        if (b == null) {
            return null;
        }
        bytes.addAndGet(-b.length);
        return b.length == length ? b : null; // another length is left to the collector
    }

    /** Keeps {@code array}, written and no longer used, unless the pool is full. */
    void give(byte[] array) {
        if (bytes.addAndGet(array.length) > maxBytes) {
            bytes.addAndGet(-array.length);
            return;
        }
        arrays.add(array);
    }

    /** Bytes kept now. */
    long bytes() {
        return bytes.get();
    }
}
