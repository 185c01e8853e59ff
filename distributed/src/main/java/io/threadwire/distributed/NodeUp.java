package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * Delivered to a thread that {@link Node#monitorNode monitors} a node each time a connection
 * to it is established (the first time, and after each reconnect).
 *
 * @param node        the node
 * @param incarnation the node's incarnation: a new value after the node restarted
 * @param name        the node's name as its handshake gave it ({@code NodeConfig.Builder.name});
 *                    empty if it has none
 */
public record NodeUp(NodeAddress node, long incarnation, String name) {
    public NodeUp {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
    }

    /** An event about a node with no name. */
    public NodeUp(NodeAddress node, long incarnation) {
        this(node, incarnation, "");
    }
}
