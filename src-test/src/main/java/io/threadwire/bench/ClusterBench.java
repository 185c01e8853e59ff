package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GroupEvent;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the cluster layer costs, on N nodes in this JVM (N = 20, {@code -Dbench.nodes=}), each on
 * a port of 127.0.0.1, all with one secret and default settings:
 * <ul>
 *   <li>{@code threadwire-cluster-mesh-p50}, {@code -p99} (us): from starting the N nodes (node 0
 *       first, then the N-1 others at once, each with node 0 as its only seed) until every node
 *       lists all N as members: a full mesh through one seed. The nodes are closed (untimed)
 *       after each sample. 2 warm-ups of 2, then 10 samples ({@code -Dbench.meshes=}).</li>
 *   <li>{@code threadwire-cluster-group-change-p50}, {@code -p99} (us): in one mesh of N, a thread
 *       of node 1 joins (or leaves) a group; from the call until every node's view has the
 *       change, each node's monitor of the group telling the driver as its view changes.
 *       Joins and leaves alternate; 2 warm-ups of 100, then 1,000 changes
 *       ({@code -Dbench.changes=}).</li>
 *   <li>{@code threadwire-cluster-members-read} (reads/s): {@code Groups.members(group)} on one
 *       thread of node 0, for a group with 5 members on each of the N nodes: a read of the
 *       node's published view, no message. Throughput rules, 10,000,000 reads
 *       ({@code -Dbench.n=}).</li>
 *   <li>{@code threadwire-cluster-group-broadcast} (broadcasts/s), {@code -p50}, {@code -p99} (us):
 *       on 4 nodes ({@code -Dbench.broadcastNodes=}), 1,000 members of one group
 *       ({@code -Dbench.members=}), spread evenly; a thread of node 0 sends one message to each
 *       member that {@code Groups.members} lists (its own node's members included), and each
 *       member answers it. From the first send until all 1,000 answers are in; one broadcast at a
 *       time. 2 warm-ups of 100, then 1,000 broadcasts ({@code -Dbench.broadcasts=}).</li>
 * </ul>
 */
final class ClusterBench {
    private static final int NODES = Integer.getInteger("bench.nodes", 20);
    private static final int MEMBERS_PER_NODE = 5;
    private static final String GROUP = "bench";

    private ClusterBench() {
    }

    /** {@code threadwire-cluster-mesh}. */
    static void mesh() throws Exception {
        Measure.rtt("threadwire-cluster-mesh", null, 2, Integer.getInteger("bench.meshes", 10), rounds -> {
            long[] samples = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                List<Node> nodes = new ArrayList<>();
                try {
                    long t0 = System.nanoTime();
                    startMesh(nodes);
                    awaitMesh(nodes);
                    samples[i] = System.nanoTime() - t0;
                } finally {
                    closeAll(nodes);
                }
            }
            return samples;
        });
    }

    /** {@code threadwire-cluster-group-change}. */
    static void groupChange() throws Exception {
        List<Node> nodes = new ArrayList<>();
        try {
            startMesh(nodes);
            awaitMesh(nodes);
            LocalThread driver = self();
            for (Node n : nodes) {
                watch(n, driver);
            }
            for (int i = 0; i < nodes.size(); i++) {
                receive(GroupEvent.Members.class, RemoteBench.RUN_LIMIT); // each watcher is subscribed
            }
            Node changer = nodes.get(Math.min(1, nodes.size() - 1));
            LocalThread member = changer.spawn(() -> receive());
            boolean[] joined = {false};
            Measure.rtt("threadwire-cluster-group-change", null, 100, Integer.getInteger("bench.changes", 1_000), rounds -> {
                long[] samples = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    if (joined[0]) {
                        Groups.leave(GROUP, member);
                    } else {
                        Groups.join(GROUP, member);
                    }
                    joined[0] = !joined[0];
                    Class<? extends GroupEvent> change = joined[0] ? GroupEvent.Joined.class : GroupEvent.Left.class;
                    for (int n = 0; n < nodes.size(); n++) {
                        receive(change, RemoteBench.RUN_LIMIT);
                    }
                    samples[i] = System.nanoTime() - t0;
                }
                return samples;
            });
        } finally {
            closeAll(nodes);
        }
    }

    /** {@code threadwire-cluster-members-read}. */
    static void membersRead() throws Exception {
        List<Node> nodes = new ArrayList<>();
        try {
            startMesh(nodes);
            awaitMesh(nodes);
            for (Node n : nodes) {
                for (int i = 0; i < MEMBERS_PER_NODE; i++) {
                    LocalThread t = n.spawn(() -> receive());
                    Groups.join(GROUP, t);
                }
            }
            int expected = nodes.size() * MEMBERS_PER_NODE;
            Node reader = nodes.getFirst();
            awaitOn(reader, () -> Groups.members(GROUP).size() == expected);
            Measure.throughput("threadwire-cluster-members-read", "reads/s", Measure.n(10_000_000), n -> onNode(reader, () -> {
                long sum = 0;
                long t0 = System.nanoTime();
                for (long i = 0; i < n; i++) {
                    sum += Groups.members(GROUP).size();
                }
                long t = System.nanoTime() - t0;
                if (sum != n * expected) {
                    throw new IllegalStateException("the view changed while it was read: " + sum);
                }
                return t;
            }));
        } finally {
            closeAll(nodes);
        }
    }

    /** {@code threadwire-cluster-group-broadcast}. */
    static void groupBroadcast() throws Exception {
        int nodeCount = Integer.getInteger("bench.broadcastNodes", 4);
        int memberCount = Integer.getInteger("bench.members", 1_000);
        List<Node> nodes = new ArrayList<>();
        try {
            startMesh(nodes, nodeCount);
            awaitMesh(nodes);
            Node sender = nodes.getFirst();
            LocalThread broadcaster = sender.spawn(() -> {
                LocalThread driver = receive(LocalThread.class);
                for (;;) {
                    int sequence = receive(Integer.class);
                    for (ThreadRef m : Groups.members(GROUP)) {
                        send(sequence, m);
                    }
                    for (int i = 0; i < memberCount; i++) {
                        receive(Integer.class); // the member's answer
                    }
                    send(sequence, driver);
                }
            });
            for (int i = 0; i < memberCount; i++) {
                Node home = nodes.get(i % nodes.size());
                LocalThread member = home.spawn(() -> {
                    for (;;) {
                        send(receive(Integer.class), broadcaster);
                    }
                });
                Groups.join(GROUP, member);
            }
            awaitOn(sender, () -> Groups.members(GROUP).size() == memberCount);
            send(self(), broadcaster);
            int[] sequence = {0};
            Measure.rtt("threadwire-cluster-group-broadcast", "broadcasts/s", 100,
                    Integer.getInteger("bench.broadcasts", 1_000), rounds -> {
                        long[] samples = new long[rounds];
                        for (int i = 0; i < rounds; i++) {
                            long t0 = System.nanoTime();
                            send(++sequence[0], broadcaster);
                            int done = receive(Integer.class, RemoteBench.RUN_LIMIT);
                            samples[i] = System.nanoTime() - t0;
                            if (done != sequence[0]) {
                                throw new IllegalStateException("broadcast " + done + " ended while " + sequence[0] + " was awaited");
                            }
                        }
                        return samples;
                    });
        } finally {
            closeAll(nodes);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static NodeConfig.Builder config() {
        return NodeConfig.builder().host("127.0.0.1").port(0).secret(RemoteBench.SECRET);
    }

    /** Starts node 0, then the others at once, seeded by node 0; adds them to {@code nodes} as they start. */
    private static void startMesh(List<Node> nodes) throws Exception {
        startMesh(nodes, NODES);
    }

    /** As {@link #startMesh(List)} with {@code count} nodes. */
    private static void startMesh(List<Node> nodes, int count) throws Exception {
        Node seed = Node.start(config().build());
        nodes.add(seed);
        List<CompletableFuture<Node>> rest = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            rest.add(CompletableFuture.supplyAsync(() -> Node.start(config().seeds(seed.address()).build()),
                    Thread::startVirtualThread));
        }
        for (CompletableFuture<Node> f : rest) {
            nodes.add(f.get(RemoteBench.RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Waits until every node lists every node as a member, looking every 50 us (a spin would take a core from the nodes). */
    private static void awaitMesh(List<Node> nodes) {
        long deadline = System.nanoTime() + RemoteBench.RUN_LIMIT.toNanos();
        for (Node n : nodes) {
            while (n.members().size() < nodes.size()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(n + " lists " + n.members().size() + " of " + nodes.size() + " members");
                }
                LockSupport.parkNanos(50_000);
            }
        }
    }

    /**
     * A thread of {@code node} that monitors the group and tells {@code driver} of each event
     * (the view of its node has the change by then).
     */
    private static void watch(Node node, LocalThread driver) {
        node.spawn(() -> {
            Groups.monitor(GROUP);
            for (;;) {
                send(receive(), driver);
            }
        });
    }

    private interface Body<T> {
        T call() throws Exception;
    }

    /** Runs {@code body} on a thread of {@code node} (Groups reads the calling thread's node) and returns its result. */
    private static <T> T onNode(Node node, Body<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(RemoteBench.RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitOn(Node node, Body<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + RemoteBench.RUN_LIMIT.toNanos();
        while (!onNode(node, condition)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the group's members did not reach every node");
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static void closeAll(List<Node> nodes) {
        for (Node n : nodes) {
            n.close();
        }
    }
}
