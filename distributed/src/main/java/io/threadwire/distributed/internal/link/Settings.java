package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.internal.security.tls.TlsFrames;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.Protocol;

/** The numbers the engine works with, derived once from a {@link NodeConfig}. */
public record Settings(
        int maxFrameBodyBytes,     // items of one frame, with their length prefixes
        int maxFrameItemBytes,     // the largest item that goes unfragmented
        int maxItemBytes,          // the largest item: a message or a signal, and its header
        int readBufferBytes,       // KryoNet's read buffer: a whole frame
        int writeBufferBytes,
        long outboundBufferBytes,
        long heartbeatIntervalNanos,
        long heartbeatTimeoutNanos,
        long connectTimeoutNanos,
        long sendTimeoutNanos,
        long handshakeTimeoutNanos,
        int maxPendingHandshakes,
        int maxPendingHandshakesPerAddress,
        int maxConnections,
        long peerBudgetBytes,
        long inboundMemoryBytes,
        long peerStateMemoryBytes,
        long idlePeerNanos,        // a link with nothing to do is forgotten after this
        boolean encrypt) {

    /** Room for an item's header ahead of its payload. */
    public static final int ITEM_HEADER = 1024;
    /**
     * The most an exit reason takes in a signal (a {@code Down} or a link's exit): a custom value's
     * text and bytes, and the few names around them (see {@link Protocol}). A signal is as big
     * whatever {@code maxMessageSize} says, so a node set for small messages still takes it whole;
     * it was once refused past that size, which closed the connection and turned the one signal
     * into {@code noconnection} for every watcher on it.
     */
    static final int MAX_REASON_ITEM = Protocol.MAX_REASON_TEXT + Protocol.MAX_REASON_BYTES + 4 * Protocol.MAX_TEXT;
    /** Heartbeat timeouts a link with nothing to do is kept before it is forgotten. */
    public static final int IDLE_PEER_TIMEOUTS = 6;

    public static Settings of(NodeConfig c) {
        return of(c, c.tls() != null);
    }

    /**
     * @param tls whether the node runs TLS: frames then grow by TLS's records, and the buffers
     *            must hold a TLS frame of the handshake (a certificate chain's records)
     */
    public static Settings of(NodeConfig c, boolean tls) {
        int body = c.limits().frameSize();
        int readBuffer = body + OutboundFrame.OVERHEAD + 16;
        int writeBuffer = c.limits().writeBufferSize();
        if (tls) {
            readBuffer = Math.max(body + 1 + TlsFrames.overheadOf(body) + 16, Protocol.MAX_TLS_FRAME + 16);
            writeBuffer = Math.max(writeBuffer, 2 * (Protocol.MAX_TLS_FRAME + 16));
        }
        return new Settings(
                body,
                body - 8,
                Math.max(c.limits().maxMessageSize(), MAX_REASON_ITEM) + ITEM_HEADER,
                readBuffer,
                writeBuffer,
                c.limits().outboundBufferSize(),
                c.heartbeat().interval().toNanos(),
                c.heartbeat().timeout().toNanos(),
                c.timeouts().connect().toNanos(),
                c.timeouts().send().toNanos(),
                c.timeouts().handshake().toNanos(),
                c.security().maxPendingHandshakes(),
                Math.min(c.security().maxPendingHandshakes(), c.security().maxPendingHandshakesPerAddress()),
                c.security().maxConnections(),
                c.limits().peerBudget(),
                c.limits().inboundMemoryBytes(Runtime.getRuntime().maxMemory()),
                c.limits().peerStateMemoryBytes(Runtime.getRuntime().maxMemory()),
                IDLE_PEER_TIMEOUTS * c.heartbeat().timeout().toNanos(),
                c.security().encrypt());
    }
}
