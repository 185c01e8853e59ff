package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.OutboundFrame;
import java.nio.ByteBuffer;

/**
 * Data frames in clear, for connections between two nodes that both chose
 * {@code WireProtection.PLAINTEXT_UNSAFE}: anyone on the path can read, alter, drop or inject
 * items, and nothing tells.
 */
public final class PlaintextFrames implements FrameCipher {
    public static final PlaintextFrames INSTANCE = new PlaintextFrames();

    private PlaintextFrames() {
    }

    @Override
    public void seal(OutboundFrame frame, ByteBuffer out) {
        frame.writeBody(out);
    }

    @Override
    public byte[] open(byte[] body) {
        return body;
    }

    @Override
    public int overhead(int bodyBytes) {
        return 0;
    }

    @Override
    public boolean authenticates() {
        return false;
    }
}
