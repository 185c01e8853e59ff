package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Server;
import io.threadwire.core.ThreadwireException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Binds a node's server to its port, finding a free one for port 0 (KryoNet cannot tell which it
 * bound). Runs on the thread that starts the node, before its network loop: it may ask DNS for
 * the host, and blocks meanwhile.
 */
public final class PortBinder {
    private PortBinder() {
    }

    /**
     * Binds {@code server} to {@code host:port}; returns the port bound.
     *
     * @throws ThreadwireException naming the address if it cannot be bound
     */
    public static int bind(Server server, String host, int port) {
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ThreadwireException("cannot listen on " + host + ": unknown host", e);
        }
        for (int attempt = 0; ; attempt++) {
            int p = port;
            try {
                if (p == 0) {
                    try (ServerSocket probe = new ServerSocket(0, 1, bindAddress)) {
                        p = probe.getLocalPort();
                    }
                }
                server.bind(new InetSocketAddress(bindAddress, p), null);
                return p;
            } catch (BindException e) {
                if (port != 0) {
                    throw new ThreadwireException("cannot listen on " + host + ":" + port
                            + ": the port is already in use; pick another port, or 0 for any free one", e);
                }
                if (attempt >= 20) {
                    throw new ThreadwireException("cannot find a free port on " + host, e);
                }
            } catch (IOException e) {
                throw new ThreadwireException("cannot listen on " + host + ":" + p + ": " + e.getMessage(), e);
            }
        }
    }
}
