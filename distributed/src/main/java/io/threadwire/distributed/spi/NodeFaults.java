package io.threadwire.distributed.spi;

import io.threadwire.core.NodeAddress;

/**
 * The fault hooks of one node, for the test kit ({@link Faults#of}): filters on its links to
 * other nodes, and the faults of a whole process — freeze and thaw ({@code SIGSTOP} and
 * {@code SIGCONT}), crash ({@code SIGKILL}) — played by the node's own threads in one JVM.
 *
 * <p>Service-provider interface for the test kit: not for application code. Thread-safe.
 */
public interface NodeFaults {

    /**
     * Puts {@code filter} on the link to {@code peer} ({@link LinkFilter#OPEN} removes any). If
     * the filter refuses connections, the one up now is closed and this returns once the node
     * has handled its loss (monitors fired, node watchers told), waiting at most the node's
     * connect timeout. Lifting a filter returns at once (see {@link #awaitAttemptInFlight}).
     */
    void filter(NodeAddress peer, LinkFilter filter);

    /**
     * Waits until the attempt to connect to {@code peer} in flight now, if any, has ended (a later
     * one is not waited for), at most the node's connect timeout. Called on both nodes once the
     * filters of both sides of a link are lifted: an attempt made while either side still
     * refused fails, and what is sent afterwards must open a new connection rather than share
     * that attempt's failure.
     */
    void awaitAttemptInFlight(NodeAddress peer);

    /** The filter on the link to {@code peer} ({@link LinkFilter#OPEN} if none). */
    LinkFilter filter(NodeAddress peer);

    /**
     * Freezes the node, as {@code SIGSTOP} stops a process: from their next step its network
     * threads (the network loops, every connection's reader and writer, the failure detector,
     * the dialer) wait, so it reads nothing, sends nothing, answers no heartbeat and notices no
     * silence, while its sockets stay open. Its application threads run on; what they send
     * waits in the connections' queues (and, once those are full, they wait for room). Peers
     * declare it down after their heartbeat timeout. Returns at once; does nothing if frozen.
     *
     * @throws IllegalStateException if the node is closed or crashed
     */
    void freeze();

    /**
     * Thaws a frozen node, as {@code SIGCONT}: its threads go on where they stopped. A peer that
     * declared it down has closed its side of the connection, so the node reads what the peer
     * sent before that, then the close, and reports the loss (monitors fire
     * {@code noconnection}, node watchers hear {@code NodeDown}): an old connection never comes
     * back; the next message opens a new one. Its failure detector counts silence from the
     * thaw. Does nothing if the node is not frozen.
     */
    void thaw();

    /** Whether the node is frozen. */
    boolean isFrozen();

    /**
     * Crashes the node, as {@code SIGKILL} kills a process: every connection is reset at once,
     * with no goodbye and whatever was queued discarded, so peers see it end and fire their
     * monitors ({@code noconnection}); the node's threads end with the reason {@code killed},
     * and nothing of their ends reaches another node; its port is free again (a node may be
     * started on it). The node is closed from then on. Works on a frozen node too. Returns once
     * the connections are reset and the port is free, and the threads have ended (waiting a
     * bounded time for a thread that does not reach a wait). Does nothing if the node is
     * closed already.
     */
    void crash();

    /** Whether the node was crashed ({@link #crash}). */
    boolean isCrashed();

    /**
     * Ends every thread of the node with {@code shutdown}, as {@code close()} does first, and
     * waits (a bounded time) for them, leaving its connections open: what they sent can land
     * before the node closes. Does nothing on a closed node.
     */
    void stopThreads();

    /**
     * How many connections of this node that had completed their handshake were lost while the
     * node was open (closed by either side, cut, declared down): zero means no message of this
     * node can have been lost in transit.
     */
    long connectionsLost();

    /**
     * What the node holds for each peer, in words, one line each: the connection in use and how
     * its traffic stands (when the peer was last heard, bytes unread, reading paused), one
     * waiting to succeed it, a loss being reported, an attempt in flight, items kept, and where
     * each connection's reader stands; then the connections in their handshake, and those out of
     * it that no peer has installed. For a test's failure message; takes each peer's lock
     * briefly, never blocks on the network.
     */
    String describeLinks();
}
