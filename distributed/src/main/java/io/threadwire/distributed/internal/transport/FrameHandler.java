package io.threadwire.distributed.internal.transport;

import io.threadwire.distributed.internal.security.FrameCipher;

/**
 * What the transport hands a connection's frames and events to: the channel that owns the
 * connection, attached to it ({@link WireConnection}, {@link WireClient}) before the first
 * frame is read. Every method but {@link #cipher} runs on the endpoint's network thread and
 * must not block.
 */
public interface FrameHandler {

    /** Whether data frames may be read: the peer has proved it holds the secret. */
    boolean acceptsData();

    /**
     * A handshake or data frame arrived (or was pumped after a pause). Returns false when
     * reading must pause: the reader is too far behind (see {@link ReadGate}).
     */
    boolean frameArrived(InboundFrame frame);

    /**
     * Counts a frame read (any frame, a keep-alive too) in the loop's current turn. Returns false
     * once the connection has read its share of the turn: it has then stopped reading until the
     * other connections had theirs ({@link ReadGate#yieldTurn}), and the caller leaves the read.
     */
    boolean withinTurn();

    /** A frame was refused as malformed or out of place; KryoNet closes the connection next. */
    void violation(Throwable cause);

    /** KryoNet saw the connection close. */
    void disconnected();

    /** KryoNet's write buffer drained below its idle threshold. */
    void writeBufferIdle();

    /**
     * How outgoing data frames are protected (sealed, or in clear where both nodes chose it), or
     * null before the handshake ended: then no data frame is written. Called by writer threads.
     */
    FrameCipher cipher();
}
