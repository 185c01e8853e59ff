package io.threadwire.testkit;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.internal.ClusterNodes;
import io.threadwire.testkit.internal.CloseChecks;
import io.threadwire.testkit.internal.FaultBook;
import io.threadwire.testkit.internal.FailureContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A whole cluster in one JVM, for tests: N nodes on port 0 of 127.0.0.1 sharing a fresh random
 * secret, every fault a network or a process can produce between them, and checks on close.
 * Nodes are named {@code n0}, {@code n1}, ... by index in messages and logs.
 *
 * <p>As a JUnit 5 extension it starts the nodes before each test and closes them after it
 * (or use {@link ThreadwireCluster @ThreadwireCluster}, which also injects the nodes):
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
 * <p><b>Faults.</b> Between two nodes, until {@link #heal}: {@link #disconnect} (a partition
 * that closes the connection), {@link #cutOneWay} (what one sends the other is lost; only the
 * failure detector notices), {@link #delay}, {@link #throttle}; the one-way forms act on what
 * {@code from} sends {@code to}, the others both ways. On a node: {@link #freeze} until
 * {@link #thaw} ({@code SIGSTOP}), {@link #crash} ({@code SIGKILL}), {@link #restart} (the same
 * address, a new incarnation). {@link #chaos} plays random faults from a seed. Each fault is
 * logged (logger {@code io.threadwire.testkit.faults}), and when a test under faults fails its
 * failure names the nodes, the faults in force, the faults of the test and the chaos seeds.
 *
 * <p><b>On close</b> ({@link #close}, after each test) the kit lifts the faults still in force,
 * then checks, and throws {@link AssertionError} listing what it found: every pair of nodes a
 * fault touched reaches each other again (a fault that leaves a link broken once lifted fails
 * the test); if no connection was lost during the test, no message was lost uncounted (every
 * message a node sent was received or counted as dropped); every node is closed with none of
 * its threads running and no name registered; no thread of the kit (chaos runs, network
 * threads of the nodes) is still running.
 *
 * <p><b>A suite under another setting.</b> The system property
 * {@code threadwire.testkit.nodeConfig} names a class implementing
 * {@code UnaryOperator<NodeConfig>} (public, with a public no-argument constructor): every node a
 * cluster starts gets the configuration it returns, e.g. TLS on every node, so that a suite
 * written for the defaults runs again under that setting.
 *
 * <p>Thread-safe for the fault hooks; start and close from the test thread.
 */
public final class Cluster extends ClusterFaults
        implements AutoCloseable, BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
    private final UnaryOperator<NodeConfig.Builder> configure;

    private Cluster(int size, UnaryOperator<NodeConfig.Builder> configure, int seed) {
        this(configure, nodes(size, configure, seed));
    }

    private Cluster(UnaryOperator<NodeConfig.Builder> configure, ClusterNodes nodes) {
        super(nodes, new FaultBook(nodes::running));
        this.configure = configure;
    }

    private static ClusterNodes nodes(int size, UnaryOperator<NodeConfig.Builder> configure, int seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + size);
        }
        if (seed >= size) {
            throw new IllegalArgumentException("the seed is node " + seed + " of a cluster of " + size + " (0-based)");
        }
        return new ClusterNodes(size, Objects.requireNonNull(configure, "configure"), seed);
    }

    /** A cluster of {@code size} nodes with default settings, started by JUnit (or {@link #start()}). */
    public static Cluster of(int size) {
        return new Cluster(size, b -> b, -1);
    }

    /**
     * A cluster of {@code size} nodes whose configuration {@code configure} adjusts (the test kit
     * sets port 0 and host 127.0.0.1, and a fresh random secret unless {@code configure} sets
     * one), started by JUnit (or {@link #start()}).
     */
    public static Cluster of(int size, UnaryOperator<NodeConfig.Builder> configure) {
        return new Cluster(size, configure, -1);
    }

    /**
     * This cluster, with node {@code index} started first and given to every other node as its
     * seed ({@code NodeConfig.seeds}): the nodes find each other through it and form one mesh
     * ({@link #awaitMesh}).
     */
    public Cluster seededBy(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("the seed's index is 0-based, not " + index);
        }
        return new Cluster(nodes.size(), configure, index);
    }

    /** Starts a cluster of {@code size} nodes with default settings. */
    public static Cluster start(int size) {
        return of(size).start();
    }

    /** Starts the nodes; returns this. */
    public Cluster start() {
        nodes.start();
        return this;
    }

    /**
     * Waits until every node lists every other one among its {@code members()}: the cluster is
     * one full mesh. Waits at most {@link Timeouts#LONG}.
     *
     * @throws AssertionError naming a node that still lacks members
     */
    public void awaitMesh() {
        List<NodeAddress> all = nodes().stream().map(Node::address).toList();
        for (Node n : nodes()) {
            Timeouts.await(() -> n.members().stream().map(m -> m.address()).toList().containsAll(all),
                    "node " + n.address() + " lists all of " + all + " as members");
        }
    }

    /** Node {@code index} (0-based): its latest incarnation, running or crashed. */
    public Node node(int index) {
        return nodes.node(index);
    }

    /** All nodes, in order (latest incarnations). */
    public List<Node> nodes() {
        return nodes.all();
    }

    public int size() {
        return nodes.size();
    }

    // ---- running code on a node ------------------------------------------------------------------

    /**
     * Runs {@code body} on a new thread of {@code node} and returns its result, or rethrows what
     * it threw (a checked exception wrapped in an {@link AssertionError}, as {@link Worker#join}
     * does); waits at most {@link Timeouts#LONG}. Code that sends to or monitors other nodes
     * must run on a node's thread: this is the short way to do it from a test.
     *
     * @throws AssertionError if the body had not finished by then (it is then stopped), or if its
     *                        thread ended before it could hand back its outcome (told to exit,
     *                        its node crashed), which is reported as soon as it ends
     */
    public <T> T call(Node node, Callable<T> body) {
        return NodeCalls.call(node, body);
    }

    /** As {@link #call}, for a body without a result. */
    public void run(Node node, Runnable body) {
        NodeCalls.call(node, () -> {
            body.run();
            return null;
        });
    }

    // ---- closing and JUnit -----------------------------------------------------------------------

    /**
     * Lifts every fault, then checks and closes (see the class comment): pairs a fault touched
     * reach each other again, nothing was lost uncounted, every node closes with no thread or
     * name left, no thread of the kit runs on.
     *
     * @throws AssertionError listing what it found, and naming the nodes and faults of the test
     */
    @Override
    public void close() {
        if (!nodes.isStarted()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Chaos c : chaosRuns) {
            try {
                c.stop();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        new CloseChecks(nodes, faults, problems, () -> chaosRuns.stream().filter(c -> !c.hasEnded()).map(Chaos::toString)
                .toList(), this::toString).run();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** A test under faults failed: its failure also names the nodes, the faults and the chaos seeds. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw FailureContext.withContext(failure, faults.history().isEmpty() && chaosRuns.isEmpty() ? null : toString());
    }

    /** The nodes, the faults in force and of the test, and the chaos seeds: what a failure message needs. */
    @Override
    public String toString() {
        return FailureContext.describe(nodes, faults, chaosRuns.stream().map(Chaos::toString).toList());
    }
}
