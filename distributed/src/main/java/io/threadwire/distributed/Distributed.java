package io.threadwire.distributed;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Transports;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The distributed verbs, meant for {@code import static io.threadwire.distributed.Distributed.*},
 * as in Factor's {@code concurrency.distributed}:
 *
 * <pre>{@code
 * // on the machine with port 9000
 * startNode(9000);
 * LocalThread logger = spawn(() -> { for (;;) System.out.println(receive()); });
 * registerRemoteThread(logger, "logger");
 * // anywhere else
 * startNode(0);
 * send("hello", "127.0.0.1", 9000, "logger");
 * }</pre>
 *
 * <p>{@link #startNode} makes the JVM's default node: the one that sends for threads that belong
 * to no node (such as {@code main}).
 *
 * <p><b>Where a name is registered.</b> One rule, for {@link #registerRemoteThread} and for a
 * {@code Supervisor}'s children: in the node the named thread belongs to; a thread of no node
 * is registered in the calling thread's node, else in the JVM's default node. Other nodes then
 * reach it by {@link #remoteThread}.
 */
public final class Distributed {
    private Distributed() {
    }

    /**
     * Starts a node on {@code port} (0: any free port) and makes it this JVM's default node.
     *
     * @throws io.threadwire.core.ThreadwireException if the port is in use
     */
    public static Node startNode(int port) {
        return startNode(NodeConfig.ofPort(port));
    }

    /** Starts a node with {@code config} and makes it this JVM's default node. */
    public static Node startNode(NodeConfig config) {
        Node node = Node.start(config);
        node.makeDefault();
        return node;
    }

    /**
     * The calling thread's node, else the JVM's default node.
     *
     * @throws IllegalStateException if there is neither
     */
    public static Node localNode() {
        return Node.of(LocalThreads.currentOwner())
                .or(() -> Node.of(Transports.getDefault()))
                .orElseThrow(() -> new IllegalStateException(
                        "the calling thread belongs to no node and this JVM has no default node: start one with"
                                + " Distributed.startNode(port), or call this from a thread of a node (node.spawn)"));
    }

    /**
     * Registers the calling thread as {@code name} on its node, else on the JVM's default node.
     *
     * @throws IllegalStateException if the calling thread belongs to no node and the JVM has no
     *                               default node, or another live thread holds the name
     */
    public static void registerRemoteThread(String name) {
        Objects.requireNonNull(name, "name");
        localNode().registerRemoteThread(Messaging.self(), name);
    }

    /**
     * Registers {@code thread} as {@code name} on the node it belongs to; a thread of no node on
     * the calling thread's node, else on the JVM's default node.
     *
     * @throws IllegalStateException if no node is found that way, or another live thread holds the name
     */
    public static void registerRemoteThread(ThreadRef thread, String name) {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(name, "name");
        Node node = thread instanceof LocalThread local ? Node.of(local).orElseGet(Distributed::localNode) : localNode();
        node.registerRemoteThread(thread, name);
    }

    /** Frees {@code name} on the calling thread's node (see {@link #localNode()}). */
    public static boolean unregisterRemoteThread(String name) {
        Objects.requireNonNull(name, "name");
        return localNode().unregisterRemoteThread(name);
    }

    /** A handle to the thread registered as {@code name} on the node at {@code host:port}. */
    public static RemoteThread remoteThread(String host, int port, String name) {
        return RemoteThread.named(new NodeAddress(host, port), name);
    }

    /**
     * Sends {@code message} to the thread registered as {@code name} on the node at
     * {@code host:port}. Opens the connection on first use.
     *
     * <p>Never throws for the network: a message the node cannot be reached for is dropped and
     * counted, as {@link Messaging#send} says.
     */
    public static void send(Object message, String host, int port, String name) {
        Objects.requireNonNull(message, "message");
        Messaging.send(message, remoteThread(host, port, name));
    }

    // ---- the cluster, on the calling thread's node (else the JVM's default node) -------------

    /** {@link Node#connect(String, int)} (Maggie's {@code Node connect:}, Erlang's {@code net_kernel:connect_node}). */
    public static NodeAddress connect(String host, int port) {
        return localNode().connect(host, port);
    }

    /** {@link Node#connect(NodeAddress)}. */
    public static NodeAddress connect(NodeAddress node) {
        return localNode().connect(node);
    }

    /** {@link Node#ping(NodeAddress)}: the round trip, or empty if it cannot be reached (Maggie's {@code node ping}). */
    public static Optional<Duration> ping(NodeAddress node) {
        return localNode().ping(node);
    }

    /** {@link Node#whereis(NodeAddress, String)} (Maggie's {@code processNamed:}). */
    public static Optional<ThreadRef> whereis(NodeAddress node, String name) {
        return localNode().whereis(node, name);
    }

    /** {@link Node#spawn(NodeAddress, String, Object)}: starts a behaviour declared on {@code node} (AnyEvent::MP's {@code spawn}). */
    public static ThreadRef spawn(NodeAddress node, String behaviour, Object args) {
        return localNode().spawn(node, behaviour, args);
    }

    /** {@link Node#spawnLinked(NodeAddress, String, Object)}: linked to the calling thread before it runs. */
    public static ThreadRef spawnLinked(NodeAddress node, String behaviour, Object args) {
        return localNode().spawnLinked(node, behaviour, args);
    }

    /** {@link Node#spawnMonitor(NodeAddress, String, Object)}: monitored by the calling thread before it runs. */
    public static SpawnedThread spawnMonitor(NodeAddress node, String behaviour, Object args) {
        return localNode().spawnMonitor(node, behaviour, args);
    }
}
