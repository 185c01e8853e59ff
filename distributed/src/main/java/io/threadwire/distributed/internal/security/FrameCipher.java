package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.nio.ByteBuffer;

/**
 * How the data frames of one connection are protected once its handshake is done: sealed with
 * AES-GCM ({@link AesGcmFrames}, the default) or, where both nodes opted out,
 * {@linkplain PlaintextFrames in clear}. A channel has one from the end of its handshake; a
 * data frame with none is never written (the transport fails closed).
 *
 * <p>{@link #seal} is called only by the channel's writer thread, {@link #open} only by its
 * reader thread; each direction's state belongs to one thread.
 */
public sealed interface FrameCipher permits AesGcmFrames, PlaintextFrames {

    /** Writes the frame's items, protected, into {@code out}. */
    void seal(OutboundFrame frame, ByteBuffer out);

    /**
     * The items of a received frame body.
     *
     * @throws ProtocolException if the body fails authentication
     */
    byte[] open(byte[] body);

    /** Whether frames are sealed (false: in clear, nothing authenticated). */
    boolean authenticates();
}
