package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Server;

/** A node's KryoNet server, whose connections hold their channel ({@link WireConnection}). */
public final class WireServer extends Server {

    public WireServer(int writeBufferSize, int readBufferSize) {
        super(writeBufferSize, readBufferSize, new FrameCodec(true));
    }

    @Override
    protected Connection newConnection() {
        return new WireConnection();
    }
}
