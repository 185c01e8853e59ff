package io.threadwire.distributed;

/**
 * Where a node listens, and the address its thread handles carry ({@link NodeConfig}).
 *
 * @param port     the TCP port, 0 to 65535; 0 picks a free one
 * @param host     the address other nodes reach this node at, and that its handles carry (a host
 *                 name or IP literal); set it to an address other machines can reach to accept
 *                 them
 * @param bindHost the address the node listens on, e.g. {@code 0.0.0.0} for every interface;
 *                 null means {@code host}
 */
public record ListenConfig(int port, String host, String bindHost) {
    /** Port 0 on 127.0.0.1. */
    public static final ListenConfig DEFAULT = new ListenConfig(0, "127.0.0.1", null);

    /** @throws IllegalArgumentException if the port is out of range or a host is blank */
    public ListenConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not 0 (any free port) or a TCP port 1 to 65535");
        }
        host = ConfigChecks.host(host, "host");
        bindHost = bindHost == null ? host : ConfigChecks.host(bindHost, "bindHost");
    }
}
