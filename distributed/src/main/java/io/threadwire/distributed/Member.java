package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * A member of a cluster, as {@link Node#members()} lists it. Identity is the address and the
 * incarnation (a node restarted on the same address is another member); the name is a label.
 *
 * @param address     where the node is reached
 * @param name        its name ({@code NodeConfig} name), "" if it has none
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
}
