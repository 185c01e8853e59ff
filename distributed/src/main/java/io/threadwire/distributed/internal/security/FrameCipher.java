package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.security.tls.TlsFrames;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.nio.ByteBuffer;

/**
 * How the data frames of one connection are protected once its handshake is done: sealed with
 * AES-GCM ({@link AesGcmFrames}, the default), by TLS ({@link TlsFrames}, on nodes configured
 * for it) or, where both nodes opted out, {@linkplain PlaintextFrames in clear}. A channel has one from the end of its handshake; a
 * data frame with none is never written (the transport fails closed).
 *
 * <p>{@link #seal} is called only by the channel's writer thread, {@link #open} only by its
 * reader thread; each direction's state belongs to one thread.
 */
public sealed interface FrameCipher permits AesGcmFrames, PlaintextFrames, TlsFrames {

    /** Writes the frame's items, protected, into {@code out}. */
    void seal(OutboundFrame frame, ByteBuffer out);

    /**
     * The items of a received frame body.
     *
     * @throws ProtocolException if the body fails authentication
     */
    byte[] open(byte[] body);

    /** Most bytes protection adds to a frame body of {@code bodyBytes} (a tag, TLS records' headers). */
    int overhead(int bodyBytes);

    /** Whether frames are sealed (false: in clear, nothing authenticated). */
    boolean authenticates();
}
