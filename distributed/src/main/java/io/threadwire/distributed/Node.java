package io.threadwire.distributed;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Transports;
import io.threadwire.distributed.internal.cluster.ClusterServices;
import io.threadwire.distributed.internal.cluster.inspect.NodeService;
import io.threadwire.distributed.internal.node.NodeAccess;
import io.threadwire.distributed.internal.node.NodeEngine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A threadwire node: a TCP port other nodes connect to, the threads that belong to it, and the
 * names it makes reachable from other nodes. Several nodes may run in one JVM, each with its
 * own port, threads and names: that is how distributed scenarios are tested.
 *
 * <pre>{@code
 * try (Node node = Node.start(9000)) {
 *     node.spawn("logger", () -> { ... receive() ... });
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> A thread started with {@link #spawn} belongs to this node, and so do the
 * threads it spawns: their handles, sent to other nodes, carry this node's address, and their
 * sends to other nodes go through this node's connections. A thread that belongs to no node
 * (such as {@code main}) sends through the JVM's default node ({@link Distributed#startNode}).
 *
 * <p><b>Connections.</b> The first message to another node opens the one connection between
 * the two (both directions share it), waiting at most {@link TimeoutConfig#connect() NodeConfig.timeouts().connect()}; the
 * connection authenticates both nodes with the cluster's secret before anything else crosses
 * it. Messages from one thread to another keep their order. A lost connection fires every
 * monitor on the other node's threads ({@code noconnection}); the next send opens a new one.
 *
 * <p><b>Closing.</b> {@link #close} stops the node's threads (their monitors report
 * {@code shutdown}), closes its connections (peers waiting on it fail at once) and frees the
 * port. On a closed node the methods that act (spawn, register and unregister, connect, ping,
 * monitor, declare or withdraw a behaviour, spawn on another node) throw
 * {@link IllegalStateException}; those that only look (address, incarnation, config, stats,
 * threads, connected nodes, the names and members it knows, handles) answer without throwing,
 * and {@link #close} does nothing more.
 */
public final class Node implements AutoCloseable {
    static {
        NodeAccess.install(node -> node.runtime);
    }

    private final NodeTransport transport;
    private final NodeEngine runtime;
    private final ClusterServices services;

    private Node(NodeConfig config) {
        this.transport = new NodeTransport(this, config);
        this.runtime = transport.engine();
        try {
            this.services = ClusterServices.start(runtime.clusterPort());
        } catch (RuntimeException | Error e) {
            runtime.listen(); // so that close frees what listening holds
            runtime.close(transport);
            throw e;
        }
        runtime.listen();
        Transports.started(transport);
    }

    /**
     * Starts a node on {@code port} (0: any free port) with the default configuration, listening
     * on 127.0.0.1.
     *
     * @throws io.threadwire.core.ThreadwireException if the port is in use (the message names it)
     */
    public static Node start(int port) {
        return start(NodeConfig.ofPort(port));
    }

    /** Starts a node with {@code config}. */
    public static Node start(NodeConfig config) {
        Objects.requireNonNull(config, "config");
        return new Node(config);
    }

    /** The node a thread belongs to, if any. */
    public static Optional<Node> of(LocalThread thread) {
        Objects.requireNonNull(thread, "thread");
        return LocalThreads.owner(thread) instanceof NodeTransport t ? Optional.of(t.node()) : Optional.empty();
    }

    /** The address other nodes reach this one at, and that its threads' handles carry. */
    public NodeAddress address() {
        return runtime.address();
    }

    /** This run of the node: a new random value each time a node starts, even on the same port. */
    public long incarnation() {
        return runtime.incarnation();
    }

    public NodeConfig config() {
        return runtime.config();
    }

    /** Starts {@code body} on a new virtual thread that belongs to this node. */
    public LocalThread spawn(Runnable body) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        return LocalThreads.spawn(transport, null, body);
    }

    /** As {@link #spawn(Runnable)}, naming the thread (for logs; not a registered name). */
    public LocalThread spawn(String name, Runnable body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        checkOpen();
        return LocalThreads.spawn(transport, name, body);
    }

    /**
     * Makes {@code thread} reachable from other nodes as {@code name}, until it ends or the name
     * is unregistered. Names are per node; a name holds one live thread at a time.
     *
     * @throws IllegalArgumentException if {@code thread} is not a thread of this JVM, or belongs to
     *                                  another node (register it there, or with
     *                                  {@link Distributed#registerRemoteThread(ThreadRef, String)},
     *                                  which finds its node), or the name is longer than 255
     *                                  characters or starts with {@code "threadwire."} (the node's
     *                                  own services' names)
     * @throws IllegalStateException    if another live thread holds the name
     * @throws io.threadwire.core.NoSuchThreadException if the thread has ended
     */
    public void registerRemoteThread(ThreadRef thread, String name) {
        LocalThread local = RemoteThreadNames.checked(thread, name);
        checkOpen();
        // A thread of another node sends through that node, while calls, monitors and links made
        // by this name come here: its Down would then pass the messages it sent last.
        Node owner = of(local).orElse(this);
        if (owner != this) {
            throw new IllegalArgumentException("thread " + local + " belongs to node " + owner.address()
                    + ", which sends its messages: register it there (that node's registerRemoteThread, or"
                    + " Distributed.registerRemoteThread(thread, name), which finds its node), not on node " + address());
        }
        runtime.names().register(name, local);
    }

    /** Frees {@code name}; returns whether it was registered. */
    public boolean unregisterRemoteThread(String name) {
        Objects.requireNonNull(name, "name");
        checkOpen();
        return runtime.names().unregister(name);
    }

    /** The live thread registered under {@code name} on this node, if any. */
    public Optional<LocalThread> whereis(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(runtime.names().lookup(name));
    }

    /** The names registered on this node now (a snapshot; the node's own services' names left out). */
    public Set<String> registeredNames() {
        return runtime.clusterPort().registeredNames();
    }

    /** A handle to the thread registered as {@code name} on this node, as other nodes would use it. */
    public RemoteThread remoteThread(String name) {
        return RemoteThread.named(address(), name);
    }

    /**
     * The calling thread will receive {@link NodeDown} when the connection to {@code node} is lost
     * or cannot be made, and {@link NodeUp} each time one is made, until the returned monitor is
     * cancelled or the thread ends. If no connection is up, one is attempted (if a loss is being
     * reported, once it has been), so one of the two events follows. The events name the
     * node as {@code node} does, so they compare equal to the address the caller watches. Each
     * call makes a monitor of its own: two calls deliver each event twice.
     *
     * @throws IllegalArgumentException if {@code node} is this node's own address
     */
    public NodeMonitor monitorNode(NodeAddress node) {
        Objects.requireNonNull(node, "node");
        checkOpen();
        if (node.equals(address())) {
            throw new IllegalArgumentException("a node cannot monitor itself: " + node);
        }
        return runtime.monitorNode(node, Messaging.self())::cancel;
    }

    // ---- the cluster ----------------------------------------------------------------------------

    /**
     * Opens the authenticated connection to {@code node}, or finds the one up, and returns the
     * address the connection is filed under (Erlang's {@code net_kernel:connect_node}, Maggie's
     * {@code Node connect:}). Blocks at most {@link NodeConfig#timeouts() connectTimeout}. Once
     * connected, the two nodes are members of one cluster: each meets the other's members.
     *
     * @throws NodeUnreachableException naming the address and why, if no connection is made in
     *                                  time (or {@code node} is this node itself)
     */
    public NodeAddress connect(NodeAddress node) {
        return connect(node, config().timeouts().connect());
    }

    /** As {@link #connect(NodeAddress)}, for the node at {@code host:port}. */
    public NodeAddress connect(String host, int port) {
        return connect(new NodeAddress(host, port));
    }

    /**
     * As {@link #connect(NodeAddress)}, waiting at most {@code timeout}.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive, or longer than 3650 days (10 years)
     */
    public NodeAddress connect(NodeAddress node, Duration timeout) {
        Objects.requireNonNull(node, "node");
        ConfigChecks.positive(timeout, "timeout");
        checkOpen();
        return runtime.clusterPort().connect(node, timeout).address();
    }

    /**
     * The round-trip time of a call to {@code node}'s node service, connecting first if needed
     * (the connect is not timed), or empty if it cannot be reached or does not answer within the
     * connect timeout (Erlang's {@code net_adm:ping}: pong or pang). Never throws for the
     * network. This node's own address answers too.
     */
    public Optional<Duration> ping(NodeAddress node) {
        return ping(node, config().timeouts().connect());
    }

    /**
     * As {@link #ping(NodeAddress)}, waiting at most {@code timeout} for the connection and again for the answer.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive, or longer than 3650 days (10 years)
     */
    public Optional<Duration> ping(NodeAddress node, Duration timeout) {
        Objects.requireNonNull(node, "node");
        ConfigChecks.positive(timeout, "timeout");
        checkOpen();
        return NodeCalls.ping(this, node, timeout);
    }

    /**
     * The calling thread receives {@link NodeUp} and {@link NodeDown} for every member node that
     * connects to this one or is lost, from now on (nodes up already are not reported: read
     * {@link #members()} after this returns), until the monitor is cancelled or the thread ends
     * (Erlang's {@code monitor_nodes}). Per node, events alternate up and down; no event is
     * delivered after {@code cancel()} returns. Each call is a registration of its own. A
     * connection with a hidden node ({@link NodeConfig.Builder#hidden}), either end, is not
     * reported.
     */
    public NodeMonitor monitorNodes() {
        checkOpen();
        return runtime.clusterPort().subscribe(Messaging.self(), NodeEvents.forNode(config().listen().hidden()))
                .registration()::cancel;
    }

    /**
     * The members of the cluster as this node knows them now: itself and every member node it
     * has a connection up with, sorted by address, each with the name its handshake gave. A
     * snapshot; never blocks. Hidden nodes are no members: a hidden node lists itself alone,
     * and no node lists a hidden one.
     */
    public List<Member> members() {
        return NodeService.members(runtime.clusterPort());
    }

    /**
     * The thread registered as {@code name} on {@code node} now, or empty: one call to that
     * node's node service (Erlang's {@code rpc:call(Node, erlang, whereis, [Name])}, Maggie's
     * {@code processNamed:}). A handle of this node's own thread if {@code node} is this node.
     *
     * @throws NodeUnreachableException if {@code node} cannot be reached, or does not answer
     *                                  within the connect timeout (distinct from "not registered")
     */
    public Optional<ThreadRef> whereis(NodeAddress node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        checkOpen();
        return remote(node).whereis(name);
    }

    /**
     * Declares a behaviour other nodes (and this one) may start here by name
     * ({@link #spawn(NodeAddress, String, Object)}): code does not travel, so a node lists what
     * it runs. {@code body} runs on each new thread with the arguments sent. Threads other nodes
     * start count against {@link ClusterLimits#maxRemoteSpawned()} and
     * {@link ClusterLimits#maxRemoteSpawnedPerPeer()}; this node's own spawns by name do not (as
     * its other threads, they are its own to bound), so peers cannot keep it from its behaviours.
     *
     * @throws IllegalStateException if {@code behaviour} is declared already
     */
    public void spawnable(String behaviour, Behaviour body) {
        Objects.requireNonNull(behaviour, "behaviour"); // named as here, not as the registry calls it
        Objects.requireNonNull(body, "body");
        checkOpen();
        services.spawnables().declare(behaviour, null, body);
    }

    /**
     * As {@link #spawnable(String, Behaviour)}, for arguments of {@code argsType} only: other
     * arguments are refused before a thread starts ({@link RemoteSpawnException.Reason#ARGUMENTS_REFUSED}).
     *
     * @throws IllegalArgumentException if {@code argsType} is primitive (give its box: {@code Integer.class})
     * @throws IllegalStateException    if {@code behaviour} is declared already
     */
    public <A> void spawnable(String behaviour, Class<A> argsType, TypedBehaviour<A> body) {
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(argsType, "argsType");
        Objects.requireNonNull(body, "body");
        if (argsType.isPrimitive()) { // arguments arrive boxed: a primitive class would refuse every one
            throw new IllegalArgumentException("argsType " + argsType + " is primitive; give its box ("
                    + java.lang.invoke.MethodType.methodType(argsType).wrap().returnType().getSimpleName() + ".class)");
        }
        checkOpen();
        services.spawnables().declare(behaviour, argsType, args -> body.run(argsType.cast(args)));
    }

    /** Withdraws a behaviour; threads started from it run on. False if it was not declared. */
    public boolean removeSpawnable(String behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        checkOpen();
        return services.spawnables().remove(behaviour);
    }

    /**
     * Starts {@code behaviour}, declared on {@code node} by {@link #spawnable}, with
     * {@code args} (a message value; {@code List.of()} for none), and returns the new thread once
     * that node has started it (a {@link LocalThread} if {@code node} is this node). Blocks one
     * round trip, plus the connect if there is no connection yet.
     *
     * @throws RemoteSpawnException {@code UNKNOWN_BEHAVIOUR} (naming the declared ones),
     *                              {@code ARGUMENTS_REFUSED} (naming the class), {@code LIMIT},
     *                              {@code START_FAILED} (naming what failed there: no thread runs
     *                              the behaviour), {@code NODE_UNREACHABLE}, or {@code NODE_LOST}
     *                              (the thread may have started there)
     */
    public ThreadRef spawn(NodeAddress node, String behaviour, Object args) {
        checkOpen();
        return RemoteSpawns.spawn(this, node, behaviour, args, RemoteSpawns.Watch.NONE).thread();
    }

    /**
     * As {@link #spawn(NodeAddress, String, Object)}, linked to the calling thread before the
     * new thread runs: a failure of either, however early, reaches the other with its real cause
     * (the caller's next {@code receive} throws {@link io.threadwire.core.LinkedThreadException};
     * so may this call, if the new thread fails before the answer arrives).
     *
     * <p>On another node this is one request, as Erlang's {@code spawn_request} with
     * {@code link}: {@code node} creates the thread already linked to the caller, and the link
     * reaches this node before the answer, on one connection. So the new thread never runs
     * unlinked. If the connection is lost meanwhile, this call fails ({@code NODE_LOST}, or
     * {@code LinkedThreadException} with {@code noconnection} if the link had arrived), and the
     * new thread, if it started, is told {@code noconnection} through its link, as any linked
     * thread is when its partner's node is lost; only if its link reaches this node on the next
     * connection do both ends keep it (the caller, told {@code NODE_LOST}, then hears of the
     * thread through the link alone).
     *
     * @throws IllegalStateException if the calling thread is not a thread of this node
     */
    public ThreadRef spawnLinked(NodeAddress node, String behaviour, Object args) {
        checkOpen();
        return RemoteSpawns.spawn(this, node, behaviour, args, RemoteSpawns.Watch.LINK).thread();
    }

    /**
     * As {@link #spawn(NodeAddress, String, Object)}, monitored by the calling thread before the
     * new thread runs: exactly one {@link io.threadwire.core.Down} comes, with the real reason.
     * The new thread waits for a start signal that leaves after the monitor, on one connection.
     * The monitor is the caller's alone: if the connection is lost in between, the
     * {@code Down} says {@code noconnection}, and the thread runs if its start signal reaches
     * it, else ends unrun (as in Erlang, a monitor does not tie the thread to its caller). A
     * caller that ends before the answer reaches it sends no start signal: the thread ends unrun.
     *
     * @throws IllegalStateException if the calling thread is not a thread of this node
     */
    public SpawnedThread spawnMonitor(NodeAddress node, String behaviour, Object args) {
        checkOpen();
        RemoteSpawns.Started s = RemoteSpawns.spawn(this, node, behaviour, args, RemoteSpawns.Watch.MONITOR);
        return new SpawnedThread(s.thread(), s.monitor());
    }

    /** {@code node} (or this one) as its node service shows it: its names, members, groups; see {@link RemoteNode}. */
    public RemoteNode remote(NodeAddress node) {
        Objects.requireNonNull(node, "node");
        return new RemoteNode(this, node);
    }

    /** Counters of messages sent, received and dropped, and connections up. */
    public NodeStats stats() {
        return runtime.stats();
    }

    /** Threads of this node still running (a snapshot). */
    public Set<LocalThread> threads() {
        return runtime.threads();
    }

    /** Nodes this node has a connection up with (a snapshot). */
    public Set<NodeAddress> connectedNodes() {
        return runtime.connectedNodes();
    }

    public boolean isClosed() {
        return runtime.isClosed();
    }

    /** Stops this node's threads, closes its connections and frees its port. Idempotent. */
    @Override
    public void close() {
        runtime.close(transport);
    }

    NodeTransport transport() {
        return transport;
    }

    NodeEngine engine() {
        return runtime;
    }

    ClusterServices services() {
        return services;
    }

    /** Makes this node the JVM's default node (see {@link Distributed#startNode}). */
    void makeDefault() {
        Transports.setDefault(transport);
    }

    /** The node {@code transport} is, if it is one. */
    static Optional<Node> of(io.threadwire.core.spi.Transport transport) {
        return transport instanceof NodeTransport t ? Optional.of(t.node()) : Optional.empty();
    }

    private void checkOpen() {
        if (runtime.isClosed()) {
            throw new IllegalStateException("node " + address() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "Node[" + address() + "]";
    }
}
