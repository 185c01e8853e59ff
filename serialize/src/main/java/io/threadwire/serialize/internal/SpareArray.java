package io.threadwire.serialize.internal;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One big array a codec keeps between two encodes of big messages, so that a stream of messages
 * of one size (a file sent in blocks, say) is encoded into the same array again instead of a new
 * one each time. Any thread may take or offer.
 *
 * <p>Why: an array of {@value #MIN_BYTES} bytes and more is a humongous object for the G1
 * collector of a small heap, allocated outside its young regions, and a sender that encoded a
 * 16 MiB array per message started a collection every few messages. Only an array of exactly the
 * size asked for is taken, because the encoded message is the whole array ({@link MessageOutput#take}).
 * At most one array is kept, held softly: a collector short of room clears it.
 */
public final class SpareArray {
    /** Arrays shorter than this are not kept: allocating them is cheap for the collector. */
    public static final int MIN_BYTES = 512 * 1024;

    private final AtomicReference<SoftReference<byte[]>> spare = new AtomicReference<>();

    /** The spare array if it has exactly {@code length} bytes, else null; it is no longer kept. */
    public byte[] take(int length) {
        SoftReference<byte[]> ref = spare.get();
        byte[] b = ref == null ? null : ref.get();
        if (b == null || b.length != length || !spare.compareAndSet(ref, null)) {
            return null;
        }
        return b;
    }

    /** Keeps {@code array}, which nobody uses any more, instead of the one kept, if it is big enough. */
    public void offer(byte[] array) {
        if (array.length >= MIN_BYTES) {
            spare.set(new SoftReference<>(array));
        }
    }
}
