package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.NodeUnreachableException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the cluster services (members, groups, global names, the node service) need of their
 * node's engine, and all they reach of it. The engine never calls the services: they are
 * ordinary threads of the node ({@link #startService}), told of peers by message
 * ({@link #subscribe}) and reached by peers by message ({@link ServiceMessage}).
 */
public interface ClusterPort {

    /** A subscription's peers up when it was made, and the way to end it. */
    record Subscription(List<PeerInfo> up, Registration registration) {
    }

    NodeAddress address();

    long incarnation();

    /** This node's name, "" if it has none. */
    String name();

    /** Whether this node is hidden: it talks to nodes without being a member of their cluster. */
    boolean hidden();

    /** Whether this node has begun to close or crash: what fails in a service from then on may be its ending. */
    boolean closing();

    NodeConfig config();

    NodeStats stats();

    /**
     * {@code watcher} receives a {@link PeerEvent} for every peer that comes up or is lost from
     * now on, until cancelled or it ends; the peers up now come back with it, atomically. Per
     * peer, events alternate up and down after the snapshot, and a {@code PeerDown} comes after
     * every message that arrived on the lost connection and before any of the next one.
     *
     * @throws IllegalStateException if the watcher has ended
     */
    Subscription subscribe(LocalThread watcher);

    /**
     * As {@link #subscribe(LocalThread)}, delivering {@code mapper}'s value for each event
     * instead of the event (nothing when it returns null); the mapper runs under the events'
     * lock and must not block.
     */
    Subscription subscribe(LocalThread watcher, Function<PeerEvent, Object> mapper);

    /** The peers up now, sorted by address; never blocks. */
    List<PeerInfo> peersUp();

    /**
     * Opens the connection to {@code node}, or finds the one up; sends nothing. Blocks at most
     * {@code timeout}.
     *
     * @throws NodeUnreachableException naming the address and why; for this node's own address
     *                                  too ({@link #isSelf} tells which)
     */
    PeerInfo connect(NodeAddress node, Duration timeout);

    /**
     * Whether {@code node}, an address a thread of a peer carries, names the peer filed under
     * {@code peer}: as the peer authenticated itself on its connection up now (the address it
     * calls itself by, which its threads carry), or as this node knows it (its IP, if this node resolved
     * that name before and still has it cached).
     * The first does not depend on a name staying in the bounded cache of resolved names, so a
     * peer named by a host name is still recognised once many other names pushed its name out.
     * Never blocks.
     */
    boolean isOfPeer(NodeAddress node, NodeAddress peer);

    /** Whether {@code node} turned out to be this node itself (its address, or a name that reached it). */
    boolean isSelf(NodeAddress node);

    /**
     * Sends {@code message} to {@code to} only if a connection to its node is up (Erlang's
     * {@code noconnect}): false if there is none, the message was dropped as the connection was
     * lost, or no room came in the send timeout (the connection is then closed: the peer catches
     * up by a full exchange on the next one). Not counted in the node's statistics.
     */
    boolean sendIfConnected(RemoteThread to, Object message);

    /** Closes the connection with {@code peer} (if it is still that incarnation's) with {@code reason}; returns at once. */
    void disconnect(PeerInfo peer, String reason);

    /**
     * Starts a service thread of this node under the reserved {@code name} (prefix
     * {@link #RESERVED_PREFIX}): registered before it runs, stopped when the node closes, left
     * out of the node's thread and name listings; messages from other nodes reach it as
     * {@link ServiceMessage}s.
     */
    LocalThread startService(String name, Runnable body);

    /** The live thread registered as {@code name} on this node, or null (a local read). */
    LocalThread whereis(String name);

    /** Names registered on this node, without the reserved ones. */
    Set<String> registeredNames();

    /**
     * Encodes {@code value} as a message of this node (handles of its threads travel as
     * handles), so that a receiver can decode it apart from the message that carries it.
     *
     * @throws io.threadwire.serialize.ClassNotAdmittedException naming a class this node does not admit
     */
    byte[] encode(Object value);

    /**
     * Decodes bytes made by some node's {@link #encode}.
     *
     * @throws io.threadwire.serialize.MalformedMessageException naming the class when this node cannot take it
     */
    Object decode(byte[] bytes);

    /** Names that start with this are the node's own services'. */
    String RESERVED_PREFIX = "threadwire.";
}
