package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a KryoNet connection the way a killed process's sockets close: at once, with a TCP
 * reset, unsent bytes discarded, no goodbye. KryoNet closes only gracefully, so the socket
 * ({@code Connection.tcp.socketChannel}, package-private) is reached by reflection, as
 * {@link ReadGate} reaches its key; if it cannot be reached, the connection is closed
 * gracefully instead (the peer still sees it end at once, with a FIN).
 */
final class SocketReset {
    private static final Logger LOG = LoggerFactory.getLogger(SocketReset.class);
    private static final Field TCP;
    private static final Field SOCKET;

    static {
        Field tcp = null;
        Field socket = null;
        try {
            tcp = Connection.class.getDeclaredField("tcp");
            tcp.setAccessible(true);
            socket = tcp.getType().getDeclaredField("socketChannel");
            socket.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot reach KryoNet's sockets ({}); a crash closes connections gracefully", e.toString());
            tcp = null;
            socket = null;
        }
        TCP = tcp;
        SOCKET = socket;
    }

    private SocketReset() {
    }

    /** Loop thread only: resets {@code connection}'s socket and closes the connection. */
    static void reset(Connection connection) {
        SocketChannel channel = socketOf(connection);
        if (channel != null && channel.isOpen()) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close() then sends RST, not FIN
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot set SO_LINGER on {}: {}", connection, e.toString());
            }
        }
        connection.close();
    }

    /** {@code connection}'s socket, or null if it cannot be reached. */
    static SocketChannel socketOf(Connection connection) {
        if (SOCKET == null) {
            return null;
        }
        try {
            Object tcp = TCP.get(connection);
            return tcp == null ? null : (SocketChannel) SOCKET.get(tcp);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }
}
