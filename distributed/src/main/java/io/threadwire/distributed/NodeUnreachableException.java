package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadwireException;
import java.util.Objects;

/**
 * No connection to a node could be made within {@link TimeoutConfig#connect() NodeConfig.timeouts().connect()}: nothing
 * listens at its address, the network does not reach it, it refused this node (a different
 * secret), or another program answered there (failed as soon as its first bytes arrive, not at
 * the timeout). The message names the address and the cause.
 */
public class NodeUnreachableException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final NodeAddress node;

    /** {@code node} could not be reached, for {@code why}. @throws NullPointerException if {@code node} is null */
    public NodeUnreachableException(NodeAddress node, String why, Throwable cause) {
        super("node " + node + " is unreachable: " + why, cause);
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The node that could not be reached. */
    public NodeAddress node() {
        return node;
    }
}
