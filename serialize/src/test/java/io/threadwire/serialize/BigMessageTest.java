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
}
