package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadwireException;
import java.util.Objects;

/**
 * A spawn on another node ({@link Node#spawn(NodeAddress, String, Object)}) failed; {@link #reason()}
 * says why, the message names the node, the behaviour and the detail (the declared behaviours,
 * the refused class, the limit).
 */
public class RemoteSpawnException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    /** Why a spawn failed. */
    public enum Reason {
        /** The node declares no behaviour of that name; no thread was started. */
        UNKNOWN_BEHAVIOUR,
        /** The node cannot take the arguments: a class it does not admit, or not the behaviour's type. No thread was started. */
        ARGUMENTS_REFUSED,
        /**
         * The node runs {@link ClusterLimits#maxRemoteSpawned()} spawned threads already, or
         * {@link ClusterLimits#maxRemoteSpawnedPerPeer()} spawned for the calling node; no thread
         * was started.
         */
        LIMIT,
        /**
         * The node could not start the thread: something failed there as it handled the request
         * (it was closing, or an error), named in the message. No thread runs the behaviour.
         */
        START_FAILED,
        /** No connection to the node could be made; no thread was started. */
        NODE_UNREACHABLE,
        /**
         * The connection was lost, or the node did not answer in time (or answered with no spawn
         * answer: a broken or hostile node), after the request left: the thread may have started there.
         */
        NODE_LOST
    }

    private final Reason reason;
    private final NodeAddress node;
    private final String behaviour;

    /**
     * The spawn of {@code behaviour} on {@code node} failed for {@code reason}; {@code detail} says
     * what exactly, {@code cause} is what threw (may be null).
     *
     * @throws NullPointerException if {@code reason}, {@code node} or {@code behaviour} is null
     */
    public RemoteSpawnException(Reason reason, NodeAddress node, String behaviour, String detail, Throwable cause) {
        super("spawn of '" + behaviour + "' on node " + node + " failed (" + reason + "): " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.node = Objects.requireNonNull(node, "node");
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    }

    /** Why the spawn failed: whether a thread may have started there. */
    public Reason reason() {
        return reason;
    }

    /** The node asked to spawn. */
    public NodeAddress node() {
        return node;
    }

    /** The behaviour asked for. */
    public String behaviour() {
        return behaviour;
    }
}
