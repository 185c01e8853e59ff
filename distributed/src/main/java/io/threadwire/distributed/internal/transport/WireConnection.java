package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;

/** A connection accepted by a node's server ({@link WireServer} makes them), with its channel attached. */
public final class WireConnection extends Connection implements Attachment {
    private volatile FrameHandler handler;

    @Override
    public FrameHandler handler() {
        return handler;
    }

    @Override
    public void attach(FrameHandler handler) {
        this.handler = handler;
    }
}
