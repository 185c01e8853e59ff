package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixes the kernel's send and receive buffers of each connection's socket at {@link #BYTES}.
 * Left to the kernel, they grow with the traffic (on Linux up to {@code tcp_wmem} and
 * {@code tcp_rmem}: 4 and 32 MiB by default, several MiB each way on loopback under a stream),
 * and every byte in them is a byte that a small message, a reply or a heartbeat written after it
 * waits behind: while big messages stream at a few hundred MiB/s, 10 MiB in the kernel is tens of
 * milliseconds. threadwire's own queues already bound and pace what a connection sends; the
 * kernel's need only keep the wire busy. The cost is throughput on a long fat network: one
 * connection then moves at most about {@code BYTES} per round trip.
 *
 * <p>The socket is KryoNet's ({@code Connection.tcp.socketChannel}), reached as in
 * {@link SocketReset}; if it cannot be reached the kernel's sizes stay.
 */
final class SocketBuffers {
    private static final Logger LOG = LoggerFactory.getLogger(SocketBuffers.class);
    /** The send and receive buffer asked for each socket (Linux doubles it for its bookkeeping). */
    static final int BYTES = 256 << 10;

    private SocketBuffers() {
    }

    /** Network thread, as the connection connects: fixes its socket's buffers. */
    static void bound(Connection connection) {
        SocketChannel channel = SocketReset.socketOf(connection);
        if (channel != null) {
            bound(channel, BYTES);
        }
    }

    /** Sets {@code channel}'s send and receive buffers to {@code bytes}; logs and leaves them if it cannot. */
    static void bound(SocketChannel channel, int bytes) {
        try {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot size the socket buffers of {}: {}", channel, e.toString());
        }
    }
}
