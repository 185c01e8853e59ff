package io.threadwire.distributed.internal.node;

import io.threadwire.core.spi.DeferredMessage;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.wire.Wire;

/**
 * A big message from another node ({@value Inbound#DECODED_BY_RECEIVER} encoded bytes or more),
 * delivered as its bytes: the thread that takes it decodes it ({@link DeferredMessage}), so the
 * channel's reader goes on at once to the items behind it, which may be for other threads. Only
 * the receiving thread opens it, so it needs no lock.
 */
final class UndecodedMessage implements DeferredMessage {
    private final Inbound inbound;
    private final Channel channel;
    private Wire.Slice payload; // null once opened: the bytes are let go
    private Object message;

    UndecodedMessage(Inbound inbound, Channel channel, Wire.Slice payload) {
        this.inbound = inbound;
        this.channel = channel;
        this.payload = payload;
    }

    @Override
    public Object open() {
        Wire.Slice p = payload;
        if (p != null) {
            payload = null;
            message = inbound.decodeTaken(channel, p);
        }
        return message;
    }

    @Override
    public String toString() {
        Wire.Slice p = payload;
        return p == null ? String.valueOf(message) : "(" + p.length() + " bytes, decoded by the thread that takes it)";
    }
}
