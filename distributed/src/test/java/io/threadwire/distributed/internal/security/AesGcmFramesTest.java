package io.threadwire.distributed.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.internal.wire.ProtocolException;
import java.util.Arrays;
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
            assertThat(Arrays.copyOfRange(b.open(HandshakeTest.seal(a, item)), 1, 3)).isEqualTo(item);
            assertThat(Arrays.copyOfRange(a.open(HandshakeTest.seal(b, item)), 1, 3)).isEqualTo(item);
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
            b.open(sealed);
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
        b.open(first);
        assertThatThrownBy(() -> b.open(first)).isInstanceOf(ProtocolException.class);
        AesGcmFrames c = new AesGcmFrames(B_TO_A, A_TO_B);
        assertThatThrownBy(() -> c.open(second)).isInstanceOf(ProtocolException.class);
    }

    private static byte[] filled(int v) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) v);
        return k;
    }
}
