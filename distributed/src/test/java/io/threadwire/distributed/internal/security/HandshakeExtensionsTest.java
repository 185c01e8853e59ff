package io.threadwire.distributed.internal.security;

import static io.threadwire.distributed.internal.wire.Protocol.EXTENSION_PIECE;
import static io.threadwire.distributed.internal.wire.Protocol.MAX_EXTENSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Putting a peer's handshake extensions back together, before anything is proved: the pieces
 * as this node cuts them come back whole; pieces cut any other way, beyond their total, or
 * disagreeing on it close the connection after the first wrong piece.
 */
class HandshakeExtensionsTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Every size up to the largest, cut as {@code pieces} cuts them: the same bytes come back, complete only after the last piece. */
    @Test
    void piecesComeBackWhole() {
        for (int size : new int[] {1, EXTENSION_PIECE - 1, EXTENSION_PIECE, EXTENSION_PIECE + 1, 5 * EXTENSION_PIECE, MAX_EXTENSIONS}) {
            byte[] sealed = bytes(size);
            List<Wire.Extensions> pieces = HandshakeExtensions.pieces(sealed);
            HandshakeExtensions received = new HandshakeExtensions();
            for (int i = 0; i < pieces.size(); i++) {
                assertThat(received.add(pieces.get(i))).as("size %d, piece %d", size, i).isEqualTo(i == pieces.size() - 1);
            }
            assertThat(received.sealed()).as("size %d", size).isEqualTo(sealed);
        }
    }

    /** A peer that cuts its extensions into one-byte pieces (65,536 of them would cost quadratic copying) is refused at its first piece. */
    @Test
    void smallPiecesBeforeTheLastAreRefused() {
        HandshakeExtensions received = new HandshakeExtensions();
        assertThatThrownBy(() -> received.add(new Wire.Extensions(MAX_EXTENSIONS, new byte[1])))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not the last");
    }

    /** Bytes beyond the declared total, an empty piece, or a changed total: refused. */
    @Test
    void piecesThatDisagreeWithTheTotalAreRefused() {
        HandshakeExtensions beyond = new HandshakeExtensions();
        beyond.add(new Wire.Extensions(EXTENSION_PIECE + 1, new byte[EXTENSION_PIECE]));
        assertThatThrownBy(() -> beyond.add(new Wire.Extensions(EXTENSION_PIECE + 1, new byte[2])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("beyond");

        HandshakeExtensions empty = new HandshakeExtensions();
        assertThatThrownBy(() -> empty.add(new Wire.Extensions(10, new byte[0])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("beyond");

        HandshakeExtensions changed = new HandshakeExtensions();
        changed.add(new Wire.Extensions(2 * EXTENSION_PIECE, new byte[EXTENSION_PIECE]));
        assertThatThrownBy(() -> changed.add(new Wire.Extensions(3 * EXTENSION_PIECE, new byte[EXTENSION_PIECE])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("disagree");
    }
}
