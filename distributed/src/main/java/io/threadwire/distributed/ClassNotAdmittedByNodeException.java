package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.serialize.ClassNotAdmittedException;
import java.util.Objects;

/**
 * A message holds an object of a class that this node admits but the receiving node does not
 * (its configuration differs: a class registered or a package allowed on one node only, or a
 * class registered with different ids). Thrown by {@code send} (and {@code replySynchronous})
 * before anything is written to the connection, when a connection to that node is up: the nodes
 * told each other what they admit when they connected. A message sent while the connection is
 * still being made is checked when it comes up, and if the node does not admit it, it is dropped,
 * counted and logged instead (its sender has gone on). Admit the class the same way on every
 * node.
 */
public final class ClassNotAdmittedByNodeException extends ClassNotAdmittedException {
    private static final long serialVersionUID = 1L;

    private final NodeAddress node;
    private final String nodeName;
    private final String reason;

    /**
     * @param node     the receiving node
     * @param nodeName its name, empty if none
     * @param reason   why it would not decode the class, in words
     */
    public ClassNotAdmittedByNodeException(String className, NodeAddress node, String nodeName, String reason) {
        super(className, reason);
        this.node = Objects.requireNonNull(node, "node");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.reason = reason;
    }

    /** The node that does not admit the class. */
    public NodeAddress node() {
        return node;
    }

    /** That node's name, empty if it has none. */
    public String nodeName() {
        return nodeName;
    }

    @Override
    public String getMessage() {
        return "class " + className() + " cannot travel to node " + node + (nodeName.isEmpty() ? "" : " ('" + nodeName
                + "')") + ": " + reason;
    }
}
