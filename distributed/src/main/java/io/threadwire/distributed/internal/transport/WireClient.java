package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Client;

/** A connection this node dials: KryoNet's client is its own connection, with its channel attached. */
public final class WireClient extends Client implements Attachment {
    private volatile FrameHandler handler;

    public WireClient(int writeBufferSize, int readBufferSize) {
        super(writeBufferSize, readBufferSize, new FrameCodec(false));
    }

    @Override
    public FrameHandler handler() {
        return handler;
    }

    @Override
    public void attach(FrameHandler handler) {
        this.handler = handler;
    }
}
