package io.threadwire.distributed.internal.cluster.protocol;

import io.threadwire.core.ThreadRef;

/**
 * A spawn by name on another node: a synchronous call to that node's node service, then (for a
 * linked or monitored spawn) the start signal the new thread waits for. The caller links or
 * monitors the new thread before it sends {@link Go}, and both travel on one connection in
 * order, so the link or monitor is in place on the new thread's node before its body runs.
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
     * {@link Go} before it runs the behaviour.
     */
    record Request(String behaviour, byte[] args, String argsClass, boolean gated) implements SpawnProtocol {
    }

    /** The answer: {@code status} one of the constants above; the new thread, or what was refused. */
    record Reply(int status, ThreadRef child, String detail) implements SpawnProtocol {
    }

    /** To a gated new thread, from its caller once the link or monitor is made: run now. */
    record Go() implements SpawnProtocol {
    }
}
