package io.threadwire.core.spi;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;

/**
 * How core reaches threads of other nodes: a node of the distributed module implements this
 * and owns the threads it spawns. Core calls it for every operation whose target is a
 * {@link RemoteThread}, choosing the sending thread's node, else the JVM's default node
 * ({@link Transports#setDefault}).
 *
 * <p>Service-provider interface: not for application code.
 */
public interface Transport {

    /** The address this node's threads carry when they travel inside messages. */
    NodeAddress address();

    /**
     * A thread owned by this node was just created (by the node, or by one of its threads),
     * before it runs: the node keeps track of its threads, to stop them when it closes.
     */
    void threadStarted(LocalThread thread);

    /**
     * The remote handle of {@code thread}, a thread this node owns: how other nodes, and this
     * JVM's other nodes, reach it. Never blocks.
     */
    RemoteThread.ById handleOf(LocalThread thread);

    /**
     * Sends {@code message} to {@code to}. Encodes the message on the calling thread, so that a
     * message that cannot travel fails here; may wait while the connection is being opened or
     * its outbound buffer is full (bounded by the node's configuration). Messages from one
     * sender to one target arrive in the order they were sent.
     */
    void send(RemoteThread to, Object message, LocalThread sender);

    /** Sends the reply to the synchronous call {@code tag} of {@code to}. */
    void reply(RemoteThread to, long tag, Object reply, LocalThread sender);

    /**
     * Watches {@code target}: {@code hook} runs exactly once when it ends, did not exist, or its
     * node becomes unreachable, unless the registration is cancelled first. Never blocks on the
     * network and never runs the hook on the calling thread before returning.
     */
    Registration monitor(RemoteThread target, ExitHook hook);

    /**
     * Links {@code local} and {@code remote} both ways: the failure of either one (the loss of
     * the connection counts as a failure of {@code remote}) is raised in the other.
     */
    void link(LocalThread local, RemoteThread remote);

    /** Removes the link between {@code local} and {@code remote}, if there is one. */
    void unlink(LocalThread local, RemoteThread remote);

    /**
     * Registers {@code thread} under {@code name} in this node's registry, where other nodes find
     * it (a supervisor of this node re-registers its restarted children this way).
     *
     * @throws IllegalStateException if another live thread holds the name
     */
    void registerName(String name, LocalThread thread);
}
