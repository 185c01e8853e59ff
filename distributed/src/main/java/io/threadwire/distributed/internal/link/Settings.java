package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.internal.wire.OutboundFrame;

/** The numbers the engine works with, derived once from a {@link NodeConfig}. */
public record Settings(
        int maxFrameBodyBytes,     // items of one frame, with their length prefixes
        int maxFrameItemBytes,     // the largest item that goes unfragmented
        int maxItemBytes,          // the largest item: a message and its header
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
        long idlePeerNanos,        // a link with nothing to do is forgotten after this
        boolean encrypt) {

    /** Room for an item's header ahead of its payload. */
    public static final int ITEM_HEADER = 1024;
    /** Heartbeat timeouts a link with nothing to do is kept before it is forgotten. */
    public static final int IDLE_PEER_TIMEOUTS = 6;

    public static Settings of(NodeConfig c) {
        int body = c.limits().frameSize();
        return new Settings(
                body,
                body - 8,
                c.limits().maxMessageSize() + ITEM_HEADER,
                body + OutboundFrame.OVERHEAD + 16,
                c.limits().writeBufferSize(),
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
                IDLE_PEER_TIMEOUTS * c.heartbeat().timeout().toNanos(),
                c.security().encrypt());
    }
}
