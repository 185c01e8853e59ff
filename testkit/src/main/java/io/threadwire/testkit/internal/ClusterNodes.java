package io.threadwire.testkit.internal;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.spi.Faults;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.UnaryOperator;

/**
 * The nodes of a cluster by index, each the latest incarnation at its address, and every
 * incarnation ever started (for the checks on close). Thread-safe: a chaos run may restart a
 * node while the test reads them.
 */
public final class ClusterNodes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int size;
    private final UnaryOperator<NodeConfig.Builder> configure;
    private final int seed; // the node started first and given to every other one as its seed; -1: none
    private final AtomicReferenceArray<Node> latest;
    private final List<Node> incarnations = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    /** @param seed the node started first and given to every other one as its seed ({@code NodeConfig.seeds}); -1: none */
    public ClusterNodes(int size, UnaryOperator<NodeConfig.Builder> configure, int seed) {
        this.size = size;
        this.configure = configure;
        this.seed = seed;
        this.latest = new AtomicReferenceArray<>(size);
    }

    /** Starts the nodes on port 0 of 127.0.0.1 with one fresh random secret (unless the configuration sets one). */
    public void start() {
        if (started) {
            throw new IllegalStateException("the cluster is already started");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String hex = HexFormat.of().formatHex(secret);
        List<Node> made = new ArrayList<>();
        Node first = null;
        try {
            first = seed < 0 ? null : Node.start(NodeConfigOption.apply(config(hex).build()));
            for (int i = 0; i < size; i++) {
                if (i == seed) {
                    made.add(first);
                } else {
                    NodeConfig.Builder b = config(hex);
                    made.add(Node.start(NodeConfigOption.apply((first == null ? b : b.seeds(first.address())).build())));
                }
            }
        } catch (RuntimeException | Error e) {
            if (first != null && !made.contains(first)) {
                first.close();
            }
            made.forEach(Node::close);
            throw e;
        }
        for (int i = 0; i < size; i++) {
            latest.set(i, made.get(i));
        }
        incarnations.addAll(made);
        started = true;
    }

    private NodeConfig.Builder config(String secret) {
        return configure.apply(NodeConfig.builder().secret(secret)).port(0).host("127.0.0.1");
    }

    public boolean isStarted() {
        return started;
    }

    public int size() {
        return size;
    }

    /** Node {@code index}: its latest incarnation. */
    public Node node(int index) {
        checkStarted();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("node " + index + " of a cluster of " + size + ": its nodes are 0 to "
                    + (size - 1));
        }
        return latest.get(index);
    }

    /** The latest incarnations, in order. */
    public List<Node> all() {
        checkStarted();
        List<Node> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(latest.get(i));
        }
        return List.copyOf(all);
    }

    /** Every incarnation ever started, in order. */
    public List<Node> incarnations() {
        return List.copyOf(incarnations);
    }

    /** The index of {@code node}, which must be the latest incarnation of a node of this cluster. */
    public int indexOf(Node node) {
        Objects.requireNonNull(node, "node");
        checkStarted();
        for (int i = 0; i < size; i++) {
            if (latest.get(i) == node) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (latest.get(i).address().equals(node.address())) {
                throw new IllegalArgumentException(node + " is an earlier incarnation of n" + i + ", which was restarted;"
                        + " use the Node restart returned, or cluster.node(" + i + ")");
            }
        }
        throw new IllegalArgumentException(node + " is not a node of this cluster " + all());
    }

    /** The indexes of two different nodes of this cluster. */
    public int[] pair(Node a, Node b) {
        int ia = indexOf(a);
        int ib = indexOf(b);
        if (ia == ib) {
            throw new IllegalArgumentException("a link joins two different nodes; both are n" + ia);
        }
        return new int[] {ia, ib};
    }

    /** The index of {@code node}, which must run (neither crashed nor closed). */
    public int running(Node node) {
        int i = indexOf(node);
        if (isCrashed(i)) {
            throw new IllegalStateException("n" + i + " (" + node.address() + ") has crashed; restart it first");
        }
        if (node.isClosed()) {
            throw new IllegalStateException("n" + i + " (" + node.address() + ") is closed");
        }
        return i;
    }

    /** Node {@code index} if it runs (neither crashed nor closed), else null. */
    public Node running(int index) {
        Node n = latest.get(index);
        return n == null || n.isClosed() ? null : n;
    }

    public boolean isCrashed(int index) {
        Node n = latest.get(index);
        return n != null && Faults.of(n).isCrashed();
    }

    /** Whether node {@code index} is down: crashed, or closed. */
    public boolean isDown(int index) {
        Node n = latest.get(index);
        return n != null && n.isClosed();
    }

    /** Starts a new incarnation of node {@code index}, which is down, on its address, with its settings. */
    public Node restart(int index) {
        Node old = latest.get(index);
        if (!isDown(index)) {
            throw new IllegalStateException("n" + index + " still runs; crash it before starting it again");
        }
        Node fresh = Node.start(old.config().toBuilder().port(old.address().port()).build());
        incarnations.add(fresh);
        latest.set(index, fresh);
        return fresh;
    }

    /** {@code n1 127.0.0.1:40123}, with {@code (crashed)} or {@code (incarnation 2)} where it applies. */
    public String describe(int index) {
        Node n = latest.get(index);
        if (n == null) {
            return "n" + index;
        }
        long earlier = incarnations.stream().filter(x -> x != n && x.address().equals(n.address())).count();
        return "n" + index + " " + n.address() + (isCrashed(index) ? " (crashed)" : "")
                + (earlier > 0 ? " (incarnation " + (earlier + 1) + ")" : "");
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("the cluster is not started");
        }
    }
}
