package io.threadwire.testkit.internal;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster checks as it closes, in order: the faults still in force are lifted and every
 * pair of nodes a fault touched must reach each other again ({@link Probes}); the nodes' threads
 * are stopped and, if no connection was lost, every message sent must have been received or
 * counted as dropped; the nodes close, none may keep a thread, a name or a connection; no
 * network thread of theirs and no thread of the kit may run on. Throws one
 * {@link AssertionError} listing every problem, with the cluster's description.
 */
public final class CloseChecks {
    private static final Logger LOG = LoggerFactory.getLogger(CloseChecks.class);

    private final ClusterNodes nodes;
    private final FaultBook faults;
    private final List<String> problems;
    private final Supplier<List<String>> kitThreadsRunning;
    private final Supplier<String> describe;

    /**
     * @param problems          found already (by stopping chaos runs); added to
     * @param kitThreadsRunning the kit's own threads still running, described
     * @param describe          the cluster's description, for the failure
     */
    public CloseChecks(ClusterNodes nodes, FaultBook faults, List<String> problems, Supplier<List<String>> kitThreadsRunning,
                       Supplier<String> describe) {
        this.nodes = nodes;
        this.faults = faults;
        this.problems = new ArrayList<>(problems);
        this.kitThreadsRunning = kitThreadsRunning;
        this.describe = describe;
    }

    public void run() {
        String context = describe.get(); // before the faults are lifted: it names those in force
        List<Fault> lifted = faults.liftAll();
        if (!lifted.isEmpty()) {
            LOG.info("lifted at close: {}", lifted);
        }
        try {
            List<String> unreached = Probes.reachAgain(nodes, faults.touched());
            if (!unreached.isEmpty()) {
                problems.addAll(unreached);
                problems.add(standingStill());
            }
            boolean settled = everyNodeRan();
            for (Node n : running()) {
                Faults.of(n).stopThreads();
            }
            if (settled) {
                checkNothingLostUncounted();
            }
        } finally {
            for (Node n : nodes.incarnations()) {
                n.close();
            }
        }
        checkLeftovers();
        if (!problems.isEmpty()) {
            throw new AssertionError("the cluster's checks on close failed:\n  - " + String.join("\n  - ", problems)
                    + "\n  " + context);
        }
    }

    /** What each running node holds for its peers, and a dump of the JVM's threads: why nodes could not reach each other. */
    private String standingStill() {
        StringBuilder b = new StringBuilder("what the nodes held for their peers then (").append(ThreadDumps.write("unreached"))
                .append("):");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.running(i);
            if (n != null) {
                b.append("\n      ").append(nodes.describe(i)).append(":\n        ")
                        .append(Faults.of(n).describeLinks().strip().replace("\n", "\n        "));
            }
        }
        return b.toString();
    }

    /** Whether every node ran the whole test and kept every connection: only then must the counts balance. */
    private boolean everyNodeRan() {
        for (Node n : nodes.incarnations()) {
            if (n.isClosed()) {
                return false;
            }
        }
        long lost = connectionsLost();
        if (lost > 0) {
            LOG.debug("{} connections were lost during the test: messages may have been lost with them", lost);
        }
        return lost == 0;
    }

    /**
     * Every message a node sent was received by another or counted as dropped (waiting for those
     * in transit), unless a connection was lost meanwhile.
     */
    private void checkNothingLostUncounted() {
        long deadline = System.nanoTime() + Timeouts.PROMPT.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        for (;;) {
            long sent = 0;
            for (Node n : nodes.incarnations()) {
                sent += n.stats().messagesSent(); // first: what arrives meanwhile only helps the balance
            }
            long accounted = 0;
            for (Node n : nodes.incarnations()) {
                accounted += n.stats().messagesReceived() + n.stats().messagesDropped();
            }
            if (sent <= accounted) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                if (connectionsLost() > 0) { // lost while the check waited: messages may have gone with it
                    LOG.debug("a connection was lost while the counts were awaited: {} sent, {} accounted", sent, accounted);
                    return;
                }
                List<String> per = new ArrayList<>();
                List<Node> all = nodes.incarnations();
                for (int i = 0; i < all.size(); i++) {
                    NodeStats s = all.get(i).stats();
                    per.add(all.get(i).address() + " sent " + s.messagesSent() + ", received " + s.messagesReceived()
                            + ", dropped " + s.messagesDropped());
                }
                problems.add("messages lost uncounted: with no connection lost, the nodes sent " + sent + " messages and"
                        + " received or counted as dropped only " + accounted + " within " + Timeouts.PROMPT + " ("
                        + String.join("; ", per) + ")");
                return;
            }
            LockSupport.parkNanos(pause); // counters announce nothing: look again shortly
            pause = Math.min(TimeUnit.MILLISECONDS.toNanos(10), pause * 2);
        }
    }

    /** Connections the nodes lost while open, so far. */
    private long connectionsLost() {
        long lost = 0;
        for (Node n : nodes.incarnations()) {
            lost += Faults.of(n).connectionsLost();
        }
        return lost;
    }

    private void checkLeftovers() {
        for (Node n : nodes.incarnations()) {
            if (!n.isClosed()) {
                problems.add("node " + n.address() + " is still open");
            }
            if (!n.threads().isEmpty()) {
                problems.add("node " + n.address() + " still runs " + n.threads());
            }
            if (!n.registeredNames().isEmpty()) {
                problems.add("node " + n.address() + " still has names " + n.registeredNames());
            }
            if (!n.connectedNodes().isEmpty()) {
                problems.add("node " + n.address() + " is still connected to " + n.connectedNodes());
            }
        }
        Set<Integer> ports = new java.util.TreeSet<>();
        for (Node n : nodes.incarnations()) {
            ports.add(n.address().port());
        }
        BooleanSupplier quiet = () -> NetworkThreads.running(ports).isEmpty() && kitThreadsRunning.get().isEmpty();
        if (!awaitPrompt(quiet)) {
            List<String> net = NetworkThreads.running(ports);
            if (!net.isEmpty()) {
                problems.add("network threads of the nodes still run: " + net);
            }
            List<String> kit = kitThreadsRunning.get();
            if (!kit.isEmpty()) {
                problems.add("threads of the test kit still run: " + kit);
            }
        }
    }

    private List<Node> running() {
        List<Node> running = new ArrayList<>();
        for (Node n : nodes.incarnations()) {
            if (!n.isClosed()) {
                running.add(n);
            }
        }
        return running;
    }

    /** Waits until {@code condition} holds, at most {@link Timeouts#PROMPT}: threads end shortly after their nodes close. */
    private static boolean awaitPrompt(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Timeouts.PROMPT.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(TimeUnit.MILLISECONDS.toNanos(10), pause * 2);
        }
        return true;
    }

    /**
     * How long a pair of nodes may take to reach each other again once its faults are lifted: a
     * connection that lost frames is declared down by the heartbeat timeout, then a new one is
     * made; three heartbeat timeouts and two connect timeouts, and at least two seconds (scaled).
     */
    static Duration reachBound(Node any) {
        Duration hb = any.config().heartbeat().timeout();
        Duration connect = any.config().timeouts().connect();
        Duration needed = hb.multipliedBy(3).plus(connect.multipliedBy(2));
        Duration least = Timeouts.scaled(Duration.ofSeconds(2));
        return needed.compareTo(least) > 0 ? needed : least;
    }
}
