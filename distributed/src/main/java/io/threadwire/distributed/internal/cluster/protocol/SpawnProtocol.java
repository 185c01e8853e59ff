package io.threadwire.distributed.internal.cluster.protocol;

import io.threadwire.core.ThreadRef;

/**
 * A spawn by name on another node: a synchronous call to that node's node service, answered once
 * the thread exists or was refused.
 *
 * <ul>
 *   <li>Linked, from another node: one request, as Erlang's {@code spawn_request} with
 *       {@code link}. The node links the new thread to the caller (the call's sender) before it
 *       runs, so the link's {@code Link} item leaves before the answer, on the one connection;
 *       the new thread runs at once. Either both ends of the link exist or, the connection
 *       lost, each end is told {@code noconnection}: the thread never runs unlinked.</li>
 *   <li>Monitored, or linked on the caller's own node: {@code gated}; the new thread waits for
 *       {@link Go}, which the caller sends once it has made the monitor or link, behind it on one
 *       connection, so the monitor is in place on the new thread's node before its body runs.
 *       (A monitor is the caller's alone: if the connection is lost in between, the caller's
 *       {@code Down} says {@code noconnection}, and the thread runs, or not, as {@code Go}
 *       reaches it or not, which no promise of a monitor depends on.)</li>
 * </ul>
 */
public sealed interface SpawnProtocol {
    int OK = 0;
    int UNKNOWN_BEHAVIOUR = 1;
    int ARGUMENTS_REFUSED = 2;
    int LIMIT = 3;
    /** The node could not start the thread: its detail names what failed there. */
    int START_FAILED = 4;

    /**
     * Start {@code behaviour} with the arguments encoded by the caller's node (decoded apart, so
     * that a refused class is named in the answer; {@code argsClass} is the caller's name for
     * their class, where the bytes carry an id only); {@code gated}: the new thread waits for
     * {@link Go} before it runs the behaviour; {@code linked}: the node links the new thread to
     * the caller before it runs (from another node only).
     */
    record Request(String behaviour, byte[] args, String argsClass, boolean gated, boolean linked)
            implements SpawnProtocol {
    }

    /** The answer: {@code status} one of the constants above; the new thread, or what was refused. */
    record Reply(int status, ThreadRef child, String detail) implements SpawnProtocol {
    }

    /** To a gated new thread, from its caller once the link or monitor is made: run now. */
    record Go() implements SpawnProtocol {
    }
}
