package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;

/**
 * A connection accepted by a node's server ({@link WireServer} makes them), with its channel
 * attached.
 *
 * <p>Its {@link #close} always runs on the server's loop. KryoNet closes a connection itself on
 * the thread whose {@code sendTCP} fails, which for us is a channel's writer or a sender writing
 * through; the close then takes the connection out of the server's list of connections, which
 * KryoNet copies and replaces without a lock, racing the loop thread that adds an accepted
 * connection or removes a closed one: one of the two changes can be lost (a connection kept in
 * the list after its close, or a new one that the server no longer times out and does not close
 * with itself). Every other close of ours runs on the loop already ({@link EndpointLoop}).
 */
public final class WireConnection extends Connection implements Attachment {
    private final WireServer server;
    private volatile FrameHandler handler;

    WireConnection(WireServer server) {
        this.server = server;
    }

    @Override
    public FrameHandler handler() {
        return handler;
    }

    @Override
    public void attach(FrameHandler handler) {
        this.handler = handler;
    }

    /** Closes the connection on the server's loop, between two updates; at once when called there, or with no loop running. */
    @Override
    public void close() {
        EndpointLoop loop = server.loop();
        if (loop == null || loop.isLoopThread() || !loop.isAlive()) {
            super.close();
        } else {
            loop.execute(super::close);
        }
    }
}
