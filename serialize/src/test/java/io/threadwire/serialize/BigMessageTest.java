package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A big message is encoded into one buffer of its own size, which becomes the encoded bytes:
 * encoding a stream of them does not leave several times their size in discarded buffers.
 */
class BigMessageTest {
    private static final int SIZE = 4 << 20;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aBigByteArrayIsEncodedIntoOneBufferOfItsSize() {
        MessageCodec codec = new MessageCodec(MessageTypes.builtInOnly(), 2 * SIZE, Codecs.MAX_DEPTH, Codecs.nodeA());
        byte[] payload = new byte[SIZE];
        new Random(5).nextBytes(payload);
        codec.encode(payload, null); // the first encode loads and initializes what encoding needs

        long before = allocated();
        byte[] encoded = codec.encode(payload, out -> out.writeByte(7)); // a one-byte header
        long during = allocated() - before;

        assertThat(during).as("bytes allocated encoding a %d-byte message", SIZE).isLessThan(SIZE + SIZE / 4);
        assertThat(codec.decode(encoded, 1, encoded.length - 1)).isEqualTo(payload);
    }

    /** An encoded message given back is written over by the next message of its size, which allocates no buffer of its own. */
    @Test
    void aRecycledArrayTakesTheNextMessageOfItsSize() {
        MessageCodec codec = new MessageCodec(MessageTypes.builtInOnly(), 2 * SIZE, Codecs.MAX_DEPTH, Codecs.nodeA());
        byte[] first = new byte[SIZE];
        new Random(6).nextBytes(first);
        byte[] second = new byte[SIZE];
        new Random(7).nextBytes(second);
        byte[] encodedFirst = codec.encode(first, out -> out.writeByte(7));
        assertThat(codec.decode(encodedFirst, 1, encodedFirst.length - 1)).isEqualTo(first);

        codec.recycle(encodedFirst);
        long before = allocated();
        byte[] encodedSecond = codec.encode(second, out -> out.writeByte(7));
        long during = allocated() - before;

        assertThat(encodedSecond).isSameAs(encodedFirst);
        assertThat(during).as("bytes allocated encoding into a recycled array").isLessThan(SIZE / 4);
        assertThat(codec.decode(encodedSecond, 1, encodedSecond.length - 1)).isEqualTo(second);
        byte[] third = codec.encode(first, out -> out.writeByte(7));
        assertThat(third).as("a recycled array is used once").isNotSameAs(encodedSecond);
    }
}
