package io.threadwire.distributed;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Transports;
import io.threadwire.distributed.internal.node.NodeAccess;
import io.threadwire.distributed.internal.node.NodeEngine;
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
 * the two (both directions share it), waiting at most {@link NodeConfig#connectTimeout()}; the
 * connection authenticates both nodes with the cluster's secret before anything else crosses
 * it. Messages from one thread to another keep their order. A lost connection fires every
 * monitor on the other node's threads ({@code noconnection}); the next send opens a new one.
 *
 * <p><b>Closing.</b> {@link #close} stops the node's threads (their monitors report
 * {@code shutdown}), closes its connections (peers waiting on it fail at once) and frees the
 * port. Methods other than {@link #address}, {@link #stats} and {@link #close} throw
 * {@link IllegalStateException} on a closed node.
 */
public final class Node implements AutoCloseable {
    static {
        NodeAccess.install(node -> node.runtime);
    }

    private final NodeTransport transport;
    private final NodeEngine runtime;

    private Node(NodeConfig config) {
        this.transport = new NodeTransport(this, config);
        this.runtime = transport.engine();
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
     * @throws IllegalArgumentException if {@code thread} is not a thread of this JVM, or the name
     *                                  is longer than 255 characters
     * @throws IllegalStateException    if another live thread holds the name
     * @throws io.threadwire.core.NoSuchThreadException if the thread has ended
     */
    public void registerRemoteThread(ThreadRef thread, String name) {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(name, "name");
        if (!(thread instanceof LocalThread local)) {
            throw new IllegalArgumentException("only a thread of this JVM can be registered on this node; " + thread
                    + " is a thread of another node: register it there");
        }
        if (name.length() > 255) {
            throw new IllegalArgumentException("a remote thread name is at most 255 characters; '" + name.substring(0, 20)
                    + "...' has " + name.length());
        }
        checkOpen();
        runtime.names().register(name, local);
    }

    /** Frees {@code name}; returns whether it was registered. */
    public boolean unregisterRemoteThread(String name) {
        Objects.requireNonNull(name, "name");
        return runtime.names().unregister(name);
    }

    /** The live thread registered under {@code name} on this node, if any. */
    public Optional<LocalThread> whereis(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(runtime.names().lookup(name));
    }

    /** The names registered on this node now (a snapshot). */
    public Set<String> registeredNames() {
        return runtime.names().names();
    }

    /** A handle to the thread registered as {@code name} on this node, as other nodes would use it. */
    public RemoteThread remoteThread(String name) {
        return RemoteThread.named(address(), name);
    }

    /**
     * The calling thread will receive {@link NodeDown} when the connection to {@code node} is lost
     * or cannot be made, and {@link NodeUp} each time one is made, until the returned monitor is
     * cancelled or the thread ends. If no connection is up, one is attempted. The events name the
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
