package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * A member of a cluster, as {@link Node#members()} lists it. Identity is the address and the
 * incarnation (a node restarted on the same address is another member); the name is a label,
 * the one the node gave itself ({@code NodeConfig.Builder.name}) and sent in its handshake.
 *
 * @param address     where the node is reached
 * @param name        its name as its handshake gave it, "" if it has none
 * @param incarnation this run of the node
 */
public record Member(NodeAddress address, String name, long incarnation) {
    public Member {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
    }

    /** {@code "alpha (10.0.0.5:7000)"}, or the address alone for a node without a name. */
    public String label() {
        return name.isEmpty() ? address.toString() : name + " (" + address + ")";
    }

    /** {@code "alpha (10.0.0.5:7000), incarnation 5f3a09c2"}: the label, then the incarnation in hex. */
    @Override
    public String toString() {
        return label() + ", incarnation " + Long.toHexString(incarnation);
    }
}
