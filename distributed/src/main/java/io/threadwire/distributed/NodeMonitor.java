package io.threadwire.distributed;

/**
 * One registration of {@link Node#monitorNode}: while it lasts, its thread receives
 * {@link NodeUp} and {@link NodeDown} for the node. Each registration is counted on its own, as
 * Erlang counts node monitors: a thread that monitors a node twice receives each event twice,
 * and cancelling one registration leaves the other.
 */
@FunctionalInterface
public interface NodeMonitor {

    /**
     * Ends this registration; no event of it is delivered after this returns. Returns true if it
     * was still active, false if it had ended already (cancelled, or its thread ended). Any
     * thread may call it.
     */
    boolean cancel();
}
