package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * Who is at the other end of a connection, as the handshake authenticated it: the address its
 * connections are filed under, its incarnation, its name ("" if it has none) and whether it is
 * hidden (a tool that talks to nodes without being a member of their cluster).
 */
public record PeerInfo(NodeAddress address, long incarnation, String name, boolean hidden) {
    public PeerInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
    }
}
