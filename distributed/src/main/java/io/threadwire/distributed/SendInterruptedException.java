package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadwireException;
import java.util.Objects;

/**
 * A remote send was interrupted while it waited: for the connection to the node to open, or
 * for room in the connection's outbound queue. The message was not sent. As with
 * {@link InterruptedException}, the thread's interrupt status is cleared; a thread whose node
 * is closing is interrupted this way too.
 */
public class SendInterruptedException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final NodeAddress node;

    /** A send to {@code node} was interrupted. @throws NullPointerException if {@code node} is null */
    public SendInterruptedException(NodeAddress node) {
        super("interrupted while sending to " + node + "; the message was not sent");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The node the message was for. */
    public NodeAddress node() {
        return node;
    }
}
