package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Server;

/**
 * A node's KryoNet server, whose connections hold their channel ({@link WireConnection}) and
 * close on the server's {@link EndpointLoop} ({@link #runsOn}).
 */
public final class WireServer extends Server {
    private volatile EndpointLoop loop;

    public WireServer(int writeBufferSize, int readBufferSize) {
        super(writeBufferSize, readBufferSize, new FrameCodec(true));
    }

    /** The loop that drives this server: its connections' closes run there. Set before the loop starts. */
    public void runsOn(EndpointLoop loop) {
        this.loop = loop;
    }

    EndpointLoop loop() {
        return loop;
    }

    @Override
    protected Connection newConnection() {
        return new WireConnection(this);
    }
}
