package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/** What a connection costs: the time to make one, and the memory an idle one holds. */
final class ConnectionBench {
    private ConnectionBench() {
    }

    /**
     * {@code threadwire-connect-p50}, {@code -p99} (us): connection set-up, TCP connect plus the
     * mutual authentication. Per sample a fresh node of the driver (started untimed, port 0)
     * sends one message to the child's {@code bulk} by name; the first send to a node waits
     * until the connection is open and authenticated, so its duration is the set-up (and the
     * queueing of one small message). The node is closed (untimed) before the next sample.
     * RTT rules with other sizes: 2 warm-ups of 50, then 300 samples ({@code -Dbench.connects=}).
     * The driver's nodes are hidden (see {@link #hidden()}).
     */
    static void setUp() throws Exception {
        try (ChildJvm child = new ChildJvm("threadwire")) {
            RemoteThread bulk = RemoteThread.named(new NodeAddress("127.0.0.1", child.port), "bulk");
            LocalThread driver = self();
            Measure.rtt("threadwire-connect", null, 50, Integer.getInteger("bench.connects", 300), rounds -> {
                long[] samples = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    try (Node node = Node.start(hidden())) {
                        node.spawn(() -> {
                            long t0 = System.nanoTime();
                            send("hello", bulk);
                            send(System.nanoTime() - t0, driver);
                        });
                        samples[i] = receive(Long.class, RemoteBench.RUN_LIMIT);
                    }
                }
                return samples;
            });
        }
    }

    /**
     * {@code threadwire-idle-connection-memory} (bytes/connection): K = 200 nodes of the driver
     * ({@code -Dbench.connections=}) each open a connection to the child's node, which then holds
     * K idle connections (heartbeats only). The child's heap after collection plus its direct
     * buffers, after the K connections minus before them, divided by K: what one more peer costs
     * a node. (The driver's own connection, which asks the child for its memory, is there in both
     * measurements.) The K nodes are hidden (see {@link #hidden()}): K members would mesh with
     * each other, K² connections in the driver.
     */
    static void idleMemory() throws Exception {
        int k = Integer.getInteger("bench.connections", 200);
        try (ChildJvm child = new ChildJvm("threadwire"); Node probe = Distributed.startNode(RemoteBench.config())) {
            RemoteThread memory = Distributed.remoteThread("127.0.0.1", child.port, "memory");
            RemoteThread bulk = Distributed.remoteThread("127.0.0.1", child.port, "bulk");
            long[] before = (long[]) sendSynchronous("memory?", memory, RemoteBench.RUN_LIMIT);
            List<Node> nodes = new ArrayList<>();
            LocalThread driver = self();
            try {
                for (int i = 0; i < k; i++) {
                    Node node = Node.start(hidden());
                    nodes.add(node);
                    node.spawn(() -> {
                        send("hello", bulk); // returns once the connection is open
                        send("connected", driver);
                    });
                }
                for (int i = 0; i < k; i++) {
                    receiveIf("connected"::equals, RemoteBench.RUN_LIMIT);
                }
                long[] after = (long[]) sendSynchronous("memory?", memory, RemoteBench.RUN_LIMIT);
                Bench.log("child with %d more connections: heap %+d bytes, direct buffers %+d bytes", k,
                        after[0] - before[0], after[1] - before[1]);
                Bench.result("threadwire-idle-connection-memory", (after[0] + after[1] - before[0] - before[1]) / (double) k,
                        "bytes/connection");
            } finally {
                nodes.forEach(Node::close);
            }
        }
    }

    /**
     * {@code threadwire-idle-cpu} (% of a core): what an idle node burns. The child's node, with
     * the driver's node connected to it (heartbeats only) and N = 10,000 more threads parked in
     * {@code receive()} ({@code -Dbench.n=}), is left alone; its JVM's CPU time over a window of
     * 10 s ({@code -Dbench.idleSeconds=}), as a share of one core; the median of 3 windows, after
     * 2 s of settling. {@code threadwire-idle-cpu-jvm} is the same for a JVM with no node at all
     * (the driver's own, measured before it starts anything): the floor that a JVM's own
     * housekeeping burns. The driver's requests for the CPU time are the only messages.
     */
    static void idleCpu() throws Exception {
        long windowMillis = 1_000L * Integer.getInteger("bench.idleSeconds", 10);
        Thread.sleep(2_000);
        double[] bare = cpuShares(Measure::cpuNanos, windowMillis);
        try (ChildJvm child = new ChildJvm("threadwire"); Node probe = Distributed.startNode(RemoteBench.config())) {
            RemoteThread memory = Distributed.remoteThread("127.0.0.1", child.port, "memory");
            int n = (int) Measure.n(10_000);
            sendSynchronous(n, memory, RemoteBench.RUN_LIMIT);
            Thread.sleep(2_000);
            double[] idle = cpuShares(() -> RemoteBench.childCpuNanos(memory), windowMillis);
            Bench.log("idle node: %s %% of a core; a JVM with no node: %s %%", Arrays.toString(idle), Arrays.toString(bare));
            Bench.result("threadwire-idle-cpu", Measure.median(idle), "%");
            Bench.result("threadwire-idle-cpu-jvm", Measure.median(bare), "%");
        }
    }

    /**
     * The CPU a JVM burns in each of 3 windows of {@code windowMillis}, in % of one core;
     * {@code cpuNanos} reads that JVM's CPU time.
     */
    private static double[] cpuShares(LongSupplier cpuNanos, long windowMillis)
            throws InterruptedException {
        double[] shares = new double[3];
        for (int i = 0; i < shares.length; i++) {
            long cpu = cpuNanos.getAsLong();
            if (cpu < 0) { // before the window, not after it: no use waiting for a figure that cannot come
                throw new IllegalStateException("this JVM does not report its CPU time");
            }
            long t0 = System.nanoTime();
            Thread.sleep(windowMillis); // a measuring window, not a wait for something
            shares[i] = 100.0 * (cpuNanos.getAsLong() - cpu) / (System.nanoTime() - t0);
        }
        return shares;
    }

    /**
     * A driver's node that is hidden: it connects to the child alone. A member would join the
     * child's cluster, and the child would keep dialing it after it closed and tell the other
     * nodes of the driver of it, which would then connect to each other.
     */
    private static NodeConfig hidden() {
        return RemoteBench.configBuilder().hidden(true).build();
    }
}
