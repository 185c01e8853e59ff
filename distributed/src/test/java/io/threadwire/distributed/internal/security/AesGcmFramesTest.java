package io.threadwire.distributed.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame cipher: each direction in step with the other's, keys replaced after a number of frames or bytes. */
class AesGcmFramesTest {
    private static final byte[] A_TO_B = filled(1);
    private static final byte[] B_TO_A = filled(2);

    /** Every key change happens at the same frame on both sides: a thousand frames open in order across 333 changes. */
    @Test
    void bothSidesChangeKeysInStep() {
        AesGcmFrames a = new AesGcmFrames(A_TO_B, B_TO_A, 3, Long.MAX_VALUE);
        AesGcmFrames b = new AesGcmFrames(B_TO_A, A_TO_B, 3, Long.MAX_VALUE);
        for (int i = 0; i < 1000; i++) {
            byte[] item = {(byte) i, (byte) (i >> 8)};
            assertThat(Arrays.copyOfRange(HandshakeTest.bytesOf(b.open(HandshakeTest.seal(a, item))), 1, 3))
                    .isEqualTo(item);
            assertThat(Arrays.copyOfRange(HandshakeTest.bytesOf(a.open(HandshakeTest.seal(b, item))), 1, 3))
                    .isEqualTo(item);
        }
    }

    /** After the threshold of frames the key is another: a side that kept the first key cannot open the next frame. */
    @Test
    void theKeyChangesAfterItsFrames() {
        AesGcmFrames sender = new AesGcmFrames(A_TO_B, B_TO_A, 3, Long.MAX_VALUE);
        AesGcmFrames stale = new AesGcmFrames(B_TO_A, A_TO_B, Long.MAX_VALUE, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            stale.open(HandshakeTest.seal(sender, new byte[] {1}));
        }
        byte[] fourth = HandshakeTest.seal(sender, new byte[] {1});
        assertThatThrownBy(() -> stale.open(fourth)).isInstanceOf(ProtocolException.class);
    }

    /** The key also changes after its bytes, counted alike on both sides. */
    @Test
    void theKeyChangesAfterItsBytes() {
        AesGcmFrames a = new AesGcmFrames(A_TO_B, B_TO_A, Long.MAX_VALUE, 100);
        AesGcmFrames b = new AesGcmFrames(B_TO_A, A_TO_B, Long.MAX_VALUE, 100);
        AesGcmFrames stale = new AesGcmFrames(B_TO_A, A_TO_B, Long.MAX_VALUE, Long.MAX_VALUE);
        byte[] item = new byte[40];
        for (int i = 0; i < 10; i++) {
            byte[] sealed = HandshakeTest.seal(a, item);
            b.open(sealed.clone()); // a frame opens in place
            if (i < 2) {
                stale.open(sealed); // 2 × 57 sealed bytes: the third frame is under the next key
            } else if (i == 2) {
                assertThatThrownBy(() -> stale.open(sealed)).isInstanceOf(ProtocolException.class);
            }
        }
    }

    /** A frame replayed, or two swapped, fail their tag. */
    @Test
    void replayedAndReorderedFramesFail() {
        AesGcmFrames a = new AesGcmFrames(A_TO_B, B_TO_A);
        AesGcmFrames b = new AesGcmFrames(B_TO_A, A_TO_B);
        byte[] first = HandshakeTest.seal(a, new byte[] {1});
        byte[] second = HandshakeTest.seal(a, new byte[] {2});
        b.open(first.clone()); // a frame opens in place: the copy is the one replayed
        assertThatThrownBy(() -> b.open(first)).isInstanceOf(ProtocolException.class);
        AesGcmFrames c = new AesGcmFrames(B_TO_A, A_TO_B);
        assertThatThrownBy(() -> c.open(second)).isInstanceOf(ProtocolException.class);
    }

    /**
     * A frame opens in the array it arrived in: its items are a slice of it, and opening a 64 KiB
     * frame allocates a small fraction of that (a new array per frame was a third of what a node
     * receiving big messages allocated).
     */
    @Test
    void aFrameOpensInPlace() {
        AesGcmFrames a = new AesGcmFrames(A_TO_B, B_TO_A);
        AesGcmFrames b = new AesGcmFrames(B_TO_A, A_TO_B);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] item = new byte[64 << 10];
        new Random(7).nextBytes(item);
        long most = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) { // the least of several: the first opens load and compile the cipher
            byte[] sealed = HandshakeTest.seal(a, item);
            long before = threads.getCurrentThreadAllocatedBytes();
            Wire.Slice opened = b.open(sealed);
            most = Math.min(most, threads.getCurrentThreadAllocatedBytes() - before);
            assertThat(opened.bytes()).as("the array the frame arrived in").isSameAs(sealed);
            assertThat(Arrays.copyOfRange(HandshakeTest.bytesOf(opened), opened.length() - item.length,
                    opened.length())).isEqualTo(item);
        }
        assertThat(most).as("bytes allocated to open a 64 KiB frame").isLessThan(8 << 10);
    }

    private static byte[] filled(int v) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) v);
        return k;
    }
}
