package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * Delivered to a thread that {@link Node#monitorNode monitors} a node each time a connection
 * to it is established (the first time, and after each reconnect).
 *
 * @param node        the node
 * @param incarnation the node's incarnation: a new value after the node restarted
 */
public record NodeUp(NodeAddress node, long incarnation) {
    public NodeUp {
        Objects.requireNonNull(node, "node");
    }
}
