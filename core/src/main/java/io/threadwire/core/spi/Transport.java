package io.threadwire.core.spi;

import io.threadwire.core.ExitReason;
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
     *
     * <p>Throws only for the caller's own mistakes (a message that cannot travel, no usable
     * node); a message the network cannot carry is dropped, counted, and reported through the
     * monitors and links of its target ({@code Messaging.send}'s rule). Core also calls this
     * from a virtual thread of its own to send the message of a fired timer ({@code sendAfter}),
     * with {@code sender} the thread that set the timer; an exception is then logged and the
     * message counted as dropped.
     */
    void send(RemoteThread to, Object message, LocalThread sender);

    /**
     * The thread of this node that {@code target} names at this moment, or null if it names a
     * thread of another node or no live thread. Core asks it to refuse a synchronous call that
     * would reach its own caller through a handle of the caller's node, on the calling thread,
     * before the call is sent: it may wait, as a send to {@code target} would, to resolve the
     * host name in {@code target}'s address. The default is null (such calls are not caught).
     */
    default LocalThread localOf(RemoteThread target) {
        return null;
    }

    /**
     * Sends the reply to the call {@code tag} of {@code to}; the node of {@code to} hands it to
     * {@link LocalThreads#deliverReply}, which routes it by tag to a synchronous or an
     * asynchronous call.
     */
    void reply(RemoteThread to, long tag, Object reply, LocalThread sender);

    /**
     * Sends an exit signal: {@code target} ends with {@code reason} at its next receive, wait or
     * call, as a local target does through {@link LocalThreads#exit} (which the target's node
     * calls when the signal arrives). Signals from one sender to one target, and the messages
     * between them, keep their order. A target that does not exist, or whose node cannot be
     * reached, ignores the signal (as in Erlang). A {@link ExitReason.Custom} reason's value must
     * travel as a message would; one that cannot may travel as its {@code toString()}. Never
     * blocks on the target.
     *
     * <p>The default refuses: a transport that cannot send exit signals throws
     * {@link UnsupportedOperationException}.
     */
    default void exit(RemoteThread target, ExitReason reason, LocalThread sender) {
        throw new UnsupportedOperationException("cannot send an exit signal to " + target + ": the node "
                + address() + " (" + getClass().getName() + ") does not support exit signals to other nodes");
    }

    /**
     * Watches {@code target}: {@code hook} runs exactly once when it ends, did not exist, or its
     * node becomes unreachable, unless the registration is cancelled first. Never blocks on the
     * network and never runs the hook on the calling thread before returning.
     */
    Registration monitor(RemoteThread target, ExitHook hook);

    /**
     * As {@link #monitor}, for the watch of a synchronous call: the calling thread sends its
     * request to {@code target} next, at once. The transport may hold the watch back to travel
     * with that request (one write for both); it still reaches the target's node before the
     * request does. The default is {@link #monitor}.
     */
    default Registration monitorForCall(RemoteThread target, ExitHook hook) {
        return monitor(target, hook);
    }

    /**
     * Links {@code local} and {@code remote} both ways: the failure of either one (the loss of
     * the connection counts as a failure of {@code remote}) is raised in the other, in
     * {@code local} through {@link LocalThreads#linkedFailure}. One link per pair of threads:
     * linking again, from either side, changes nothing.
     */
    void link(LocalThread local, RemoteThread remote);

    /**
     * Removes the link between {@code local} (the calling thread) and {@code remote}, if there is
     * one, made from either side. After this returns the transport must raise no failure of
     * {@code remote} in {@code local} through this link: the raise and the removal must exclude
     * each other (a lock on the link, as core's local links have). A failure raised before this
     * returned and not yet received is taken back by core afterwards.
     */
    void unlink(LocalThread local, RemoteThread remote);

    /**
     * Registers {@code thread} under {@code name} in this node's registry, where other nodes find
     * it (a supervisor of this node re-registers its restarted children this way).
     *
     * @throws IllegalStateException if another live thread holds the name
     */
    void registerName(String name, LocalThread thread);
}
