package io.threadwire.testkit;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole cluster in one JVM, for tests: N nodes on port 0 of 127.0.0.1 sharing a fresh random
 * secret, with fault hooks to cut and heal the link between two of them, and a check on close
 * that nothing is left over.
 *
 * <p>As a JUnit 5 extension it starts the nodes before each test and closes them after it:
 * <pre>{@code
 * @RegisterExtension
 * final Cluster cluster = Cluster.of(2);
 *
 * @Test
 * void aPartitionFiresMonitors() {
 *     Node a = cluster.node(0), b = cluster.node(1);
 *     b.registerRemoteThread(b.spawn(() -> receive()), "server");
 *     ExitReason reason = cluster.call(a, () -> {
 *         monitor(b.remoteThread("server"));
 *         cluster.disconnect(a, b);
 *         return receive(Down.class).reason();
 *     });
 *     assertThat(reason).isEqualTo(ExitReason.NOCONNECTION);
 * }
 * }</pre>
 * On its own it is an {@link AutoCloseable}: {@code try (Cluster c = Cluster.start(3)) { ... }}.
 *
 * <p>{@link #close} closes every node (stopping their threads) and then checks that no node is
 * left open, no thread of theirs is still running and no name is still registered; it throws
 * {@link AssertionError} listing what it found, so a test that leaks fails.
 *
 * <p>Thread-safe for the fault hooks; start and close from the test thread.
 */
public final class Cluster implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int size;
    private final UnaryOperator<NodeConfig.Builder> configure;
    private final List<Node> nodes = new ArrayList<>();

    private Cluster(int size, UnaryOperator<NodeConfig.Builder> configure) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + size);
        }
        this.size = size;
        this.configure = Objects.requireNonNull(configure, "configure");
    }

    /** A cluster of {@code size} nodes with default settings, started by JUnit (or {@link #start()}). */
    public static Cluster of(int size) {
        return new Cluster(size, b -> b);
    }

    /**
     * A cluster of {@code size} nodes whose configuration {@code configure} adjusts (the test kit
     * sets port 0 and host 127.0.0.1, and a fresh random secret unless {@code configure} sets
     * one), started by JUnit (or {@link #start()}).
     */
    public static Cluster of(int size, UnaryOperator<NodeConfig.Builder> configure) {
        return new Cluster(size, configure);
    }

    /** Starts a cluster of {@code size} nodes with default settings. */
    public static Cluster start(int size) {
        return of(size).start();
    }

    /** Starts the nodes; returns this. */
    public Cluster start() {
        if (!nodes.isEmpty()) {
            throw new IllegalStateException("the cluster is already started");
        }
        String secret = HexFormat.of().formatHex(randomBytes());
        try {
            for (int i = 0; i < size; i++) {
                NodeConfig.Builder b = configure.apply(NodeConfig.builder().secret(secret)).port(0).host("127.0.0.1");
                nodes.add(Node.start(b.build()));
            }
        } catch (RuntimeException | Error e) {
            nodes.forEach(Node::close);
            nodes.clear();
            throw e;
        }
        return this;
    }

    /** Node {@code index} (0-based). */
    public Node node(int index) {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the cluster is not started");
        }
        return nodes.get(index);
    }

    /** All nodes, in order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public int size() {
        return size;
    }

    /**
     * Cuts the link between {@code a} and {@code b}, as a network partition would: their
     * connection closes (monitors on each other's threads fire {@code noconnection}) and no new
     * one can be made, from either side, until {@link #heal}. Returns once both nodes have
     * handled the loss, so a message sent after {@link #heal} opens a new connection.
     */
    public void disconnect(Node a, Node b) {
        Faults.of(a).filter(b.address(), LinkFilter.CUT);
        Faults.of(b).filter(a.address(), LinkFilter.CUT);
    }

    /** Lets {@code a} and {@code b} connect again; the next message between them reconnects. */
    public void heal(Node a, Node b) {
        Faults.of(a).filter(b.address(), LinkFilter.OPEN);
        Faults.of(b).filter(a.address(), LinkFilter.OPEN);
    }

    /**
     * Runs {@code body} on a new thread of {@code node} and returns its result, or rethrows what
     * it threw; waits at most {@link Timeouts#LONG}. Code that sends to or monitors other nodes must run on
     * a node's thread: this is the short way to do it from a test.
     */
    public <T> T call(Node node, Callable<T> body) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(body, "body");
        LocalThread caller = Messaging.self();
        Object token = new Object();
        node.spawn(() -> {
            Object result = null;
            Throwable failure = null;
            try {
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            }
            Messaging.send(new Outcome(token, result, failure), caller);
        });
        Outcome outcome = (Outcome) Messaging.receiveIf(m -> m instanceof Outcome o && o.token == token, Timeouts.LONG);
        if (outcome.failure instanceof RuntimeException e) {
            throw e;
        }
        if (outcome.failure instanceof Error e) {
            throw e;
        }
        if (outcome.failure != null) {
            throw new IllegalStateException(outcome.failure);
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome.result;
        return result;
    }

    /** What a {@link #call} body returned or threw; the token tells calls apart. */
    private record Outcome(Object token, Object result, Throwable failure) {
    }

    /** As {@link #call}, for a body without a result. */
    public void run(Node node, Runnable body) {
        call(node, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Closes every node, then checks that nothing is left over: every node closed, none of their
     * threads running, no name registered.
     *
     * @throws AssertionError listing the leftovers, if any
     */
    @Override
    public void close() {
        List<String> leftovers = new ArrayList<>();
        for (Node n : nodes) {
            n.close();
        }
        for (Node n : nodes) { // Node.close has waited (bounded) for its threads to end
            if (!n.isClosed()) {
                leftovers.add("node " + n.address() + " is still open");
            }
            if (!n.threads().isEmpty()) {
                leftovers.add("node " + n.address() + " still runs " + n.threads());
            }
            if (!n.registeredNames().isEmpty()) {
                leftovers.add("node " + n.address() + " still has names " + n.registeredNames());
            }
            if (!n.connectedNodes().isEmpty()) {
                leftovers.add("node " + n.address() + " is still connected to " + n.connectedNodes());
            }
        }
        List<NodeAddress> closed = nodes.stream().map(Node::address).toList();
        nodes.clear();
        if (!leftovers.isEmpty()) {
            throw new AssertionError("cluster " + closed + " left over: " + String.join("; ", leftovers));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }
}
