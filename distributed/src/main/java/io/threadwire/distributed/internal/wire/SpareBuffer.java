package io.threadwire.distributed.internal.wire;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One buffer a node keeps between the big messages it puts back together ({@link Reassembly}),
 * so that the next one reuses it instead of allocating its own. Any thread may take or offer.
 *
 * <p>Why: a buffer of 512 KiB and more is a humongous object for the G1 collector of a small
 * heap, allocated outside its young regions, and a stream of 16 MiB messages made the receiver
 * collect twice a second, most collections started by these buffers. Held softly: a collector
 * short of room clears it. At most one buffer (the last offered, of at most the largest message
 * size) is kept, and it is counted against no bound while it waits: the memory of a transfer
 * using it is charged as any other buffer's.
 */
public final class SpareBuffer {
    /** Buffers shorter than this are not kept: allocating them is cheap for the collector. */
    public static final int MIN_BYTES = 512 * 1024;

    private final AtomicReference<SoftReference<byte[]>> spare = new AtomicReference<>();

    /** The spare buffer if it holds at least {@code atLeast} bytes and at most twice that, else null; it is no longer kept. */
    public byte[] take(int atLeast) {
        SoftReference<byte[]> ref = spare.get();
        byte[] b = ref == null ? null : ref.get();
        if (b == null || b.length < atLeast || b.length > 2L * atLeast || !spare.compareAndSet(ref, null)) {
            return null;
        }
        return b;
    }

    /**
     * Keeps {@code buffer}, no longer used by its caller, instead of the one kept, if it is big
     * enough: the last buffer is the likeliest to suit the next message, and one that suits no
     * message any more (say the one of a single much bigger message) is not kept for ever.
     */
    public void offer(byte[] buffer) {
        if (buffer.length >= MIN_BYTES) {
            spare.set(new SoftReference<>(buffer));
        }
    }
}
