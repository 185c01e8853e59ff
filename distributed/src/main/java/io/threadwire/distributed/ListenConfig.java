package io.threadwire.distributed;

import io.threadwire.distributed.internal.wire.HostNames;
import io.threadwire.distributed.internal.wire.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where a node listens and who it says it is: the address its thread handles carry, its name
 * and whether it is hidden ({@link NodeConfig}).
 *
 * @param port     the TCP port, 0 to 65535; 0 picks a free one
 * @param host     the address other nodes reach this node at, and that its handles carry (a host
 *                 name or IP literal); set it to an address other machines can reach to accept
 *                 them. A node that dials this one checks that it calls itself by the address it
 *                 dialed. Not the wildcard address ({@code 0.0.0.0}, {@code ::}), which nobody
 *                 reaches: listen on every interface with {@code bindHost}
 * @param bindHost the address the node listens on, e.g. {@code 0.0.0.0} for every interface;
 *                 null means {@code host}
 * @param name     the node's name, for people: carried in its handshake, shown in logs and in
 *                 {@link NodeUp} and {@link NodeDown}; empty (the default) for none; up to 64
 *                 letters, digits, '.', '-' and '_'. Not an address: nodes are reached by address
 * @param hidden   whether the node keeps out of a cluster's mesh (a command-line tool that talks
 *                 to a few nodes, say): carried in its handshake for the cluster services
 */
public record ListenConfig(int port, String host, String bindHost, String name, boolean hidden) {
    /** Port 0 on 127.0.0.1, no name, not hidden. */
    public static final ListenConfig DEFAULT = new ListenConfig(0, "127.0.0.1", null, "", false);

    /**
     * @throws IllegalArgumentException if the port is out of range, a host is blank or malformed, {@code host} is
     *                                  the wildcard address, or the name is malformed
     */
    public ListenConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not 0 (any free port) or a TCP port 1 to 65535");
        }
        host = ConfigChecks.host(host, "host");
        bindHost = bindHost == null ? host : ConfigChecks.host(bindHost, "bindHost");
        if (!HostNames.isWellFormed(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host)) {
            throw new IllegalArgumentException("host '" + host + "' is not a host name or IP literal (at most "
                    + Protocol.MAX_HOST + " letters, digits, '-', '.', ':')");
        }
        if (isWildcard(host)) {
            throw new IllegalArgumentException("host '" + host + "' means every interface, which no other node can"
                    + " reach: set host to the name or address other nodes reach this one by, and bindHost to '" + host
                    + "' to listen on every interface");
        }
        Objects.requireNonNull(name, "name");
        if (!HostNames.isWellFormedNodeName(name)) {
            throw new IllegalArgumentException("node name '" + name + "' must be at most " + Protocol.MAX_NODE_NAME
                    + " letters, digits, '.', '-' and '_'");
        }
    }

    /**
     * Whether {@code host} is an IP literal of the wildcard address ({@code 0.0.0.0}, {@code ::}):
     * fit to listen on, not to be reached at. Names are not resolved here.
     */
    private static boolean isWildcard(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false; // a name: never looked up by a constructor
        }
        try {
            return InetAddress.getByName(literal).isAnyLocalAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException malformed) {
            return false;
        }
    }

    /** Where a node listens, with no name and not hidden. */
    public ListenConfig(int port, String host, String bindHost) {
        this(port, host, bindHost, "", false);
    }
}
