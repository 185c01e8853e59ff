package io.threadwire.serialize.spi;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One big array kept between two big messages, so that the next one is written into it instead of
 * a new array: the encoded message a codec was given back ({@code MessageCodec.recycle}), or the
 * buffer a node put the last fragmented message together in. Any thread may take or offer.
 *
 * <p>Why: an array of {@value #MIN_BYTES} bytes and more is a humongous object for the G1
 * collector of a small heap, allocated outside its young regions, and a stream of 16 MiB messages
 * that allocated one or two such arrays per message made both nodes collect several times a
 * second (docs/benchmarks.md, head of line). At most one array is kept (the last offered), held
 * softly: a collector short of room clears it. It is counted against no bound while it waits.
 */
public final class SpareArray {
    /** Arrays shorter than this are not kept: allocating them is cheap for the collector. */
    public static final int MIN_BYTES = 512 * 1024;

    private final AtomicReference<SoftReference<byte[]>> spare = new AtomicReference<>();

    /**
     * The spare array if it has {@code atLeast} to {@code atMost} bytes, else null; it is no longer
     * kept. The bounds are the caller's rule: exactly the length where the array becomes the
     * message, up to twice it where only a part is used.
     */
    public byte[] take(int atLeast, long atMost) {
        SoftReference<byte[]> ref = spare.get();
        byte[] b = ref == null ? null : ref.get();
        if (b == null || b.length < atLeast || b.length > atMost || !spare.compareAndSet(ref, null)) {
            return null;
        }
        return b;
    }

    /**
     * Keeps {@code array}, which nobody uses any more, instead of the one kept, if it is big
     * enough: the last array is the likeliest to suit the next message, and one that suits no
     * message any more (say the one of a single much bigger message) is not kept for ever.
     */
    public void offer(byte[] array) {
        if (array.length >= MIN_BYTES) {
            spare.set(new SoftReference<>(array));
        }
    }
}
