package io.threadwire.distributed.spi;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.node.NodeAccess;
import java.util.Objects;

/**
 * The way in to a node's fault hooks, for the test kit. This package is exported only to the
 * test kit's module.
 *
 * <p>Service-provider interface for the test kit: not for application code.
 */
public final class Faults {
    private Faults() {
    }

    /** The fault hooks of {@code node}. */
    public static NodeFaults of(Node node) {
        Objects.requireNonNull(node, "node");
        return NodeAccess.engine(node).faults();
    }
}
