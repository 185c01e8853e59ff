package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import java.util.Objects;

/**
 * Delivered to a thread that {@link Node#monitorNode monitors} a node when the connection to
 * it is lost (closed, failed, or silent past the heartbeat timeout) or cannot be made.
 *
 * @param node   the node
 * @param reason why, in words (e.g. "no heartbeat for 5000 ms", "connection closed")
 */
public record NodeDown(NodeAddress node, String reason) {
    public NodeDown {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
    }
}
