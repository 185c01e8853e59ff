package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * Delivered to a thread that {@link Node#monitorNode monitors} a node when the connection to
 * it is lost (closed, failed, or silent past the heartbeat timeout) or cannot be made.
 *
 * @param node   the node
 * @param reason why, in words (e.g. "no heartbeat for 5000 ms", "connection closed")
 * @param name   the node's name as its last connection's handshake gave it; empty if it has
 *               none, or if no connection to it was ever made
 */
public record NodeDown(NodeAddress node, String reason, String name) {
    public NodeDown {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(name, "name");
    }

    /** An event about a node with no name. */
    public NodeDown(NodeAddress node, String reason) {
        this(node, reason, "");
    }
}
