package io.threadwire.testkit;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.internal.ClusterNodes;
import io.threadwire.testkit.internal.Fault;
import io.threadwire.testkit.internal.FaultBook;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults a {@link Cluster} puts between its nodes and on them, and the chaos runs that play
 * them at random: the half of the cluster's API that breaks things (see {@link Cluster} for the
 * faults and what closing checks). Thread-safe.
 */
abstract sealed class ClusterFaults permits Cluster {
    final ClusterNodes nodes;
    final FaultBook faults;
    final List<Chaos> chaosRuns = new CopyOnWriteArrayList<>();

    ClusterFaults(ClusterNodes nodes, FaultBook faults) {
        this.nodes = nodes;
        this.faults = faults;
    }

    // ---- link faults ---------------------------------------------------------------------------

    /**
     * Cuts the link between {@code a} and {@code b}, as a network partition that resets the
     * connection: it closes (monitors on each other's threads fire {@code noconnection}) and no
     * new one can be made, from either side, until {@link #heal}. Returns once both nodes have
     * handled the loss, so a message sent after {@link #heal} opens a new connection.
     */
    public void disconnect(Node a, Node b) {
        int[] p = nodes.pair(a, b);
        faults.put(new Fault.Partition(Math.min(p[0], p[1]), Math.max(p[0], p[1])));
    }

    /**
     * From now on, what {@code from} sends {@code to} is lost, while what {@code to} sends
     * {@code from} still arrives. No socket error says so: {@code to}'s failure detector declares
     * the connection down after its heartbeat timeout, and closes it, which {@code from} sees at
     * once; both sides fire their monitors then. No later frame of that connection is ever
     * delivered, even if the cut is healed first; no new connection can be made while it lasts.
     */
    public void cutOneWay(Node from, Node to) {
        int[] p = nodes.pair(from, to);
        faults.put(new Fault.OneWayCut(p[0], p[1]));
    }

    /**
     * Holds back every frame between {@code a} and {@code b}, both ways, by {@code latency} plus
     * a random part of {@code jitter}; frames keep their order, so messages do too. Nothing is
     * lost; a held frame is a sign of life only when it arrives.
     *
     * @throws IllegalArgumentException if {@code latency} or {@code jitter} is negative or longer
     *                                  than {@link NodeConfig#LONGEST_DURATION}
     */
    public void delay(Node a, Node b, Duration latency, Duration jitter) {
        delayOneWay(a, b, latency, jitter);
        delayOneWay(b, a, latency, jitter);
    }

    /** As {@link #delay}, for what {@code from} sends {@code to} only. */
    public void delayOneWay(Node from, Node to, Duration latency, Duration jitter) {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        int[] p = nodes.pair(from, to);
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("a delay is a latency and a jitter of 0 or more, not " + latency + " and "
                    + jitter);
        }
        // counted in nanoseconds from now: a longer one overflowed once in force, and then neither
        // faultsInForce, healAll nor close could name it
        if (latency.compareTo(NodeConfig.LONGEST_DURATION) > 0 || jitter.compareTo(NodeConfig.LONGEST_DURATION) > 0) {
            throw new IllegalArgumentException("a delay's latency and jitter are at most " + NodeConfig.LONGEST_DURATION.toDays()
                    + " days (NodeConfig.LONGEST_DURATION), not " + latency + " and " + jitter);
        }
        faults.put(new Fault.Delay(p[0], p[1], latency, jitter));
    }

    /**
     * Makes the link between {@code a} and {@code b} slow, both ways: each node sends the other
     * at most {@code bytesPerSecond}. Nothing is lost: queued messages wait, and once a
     * connection's outbound buffer is full, senders wait for room (see the node's
     * {@code outboundBufferSize} and {@code sendTimeout}). A frame larger than a heartbeat
     * timeout's worth of bytes makes the peer declare the link down, as on a real slow link.
     */
    public void throttle(Node a, Node b, long bytesPerSecond) {
        throttleOneWay(a, b, bytesPerSecond);
        throttleOneWay(b, a, bytesPerSecond);
    }

    /** As {@link #throttle}, for what {@code from} sends {@code to} only. */
    public void throttleOneWay(Node from, Node to, long bytesPerSecond) {
        int[] p = nodes.pair(from, to);
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a throttle lets a positive number of bytes per second through, not "
                    + bytesPerSecond);
        }
        faults.put(new Fault.Throttle(p[0], p[1], bytesPerSecond));
    }

    /**
     * Lifts every link fault between {@code a} and {@code b}, both ways; the next message between
     * them reconnects. Returns once any attempt to connect that either node made while a side
     * still refused (it fails) has ended, waiting at most the nodes' connect timeout, so that
     * what is sent after this does not share that failure.
     */
    public void heal(Node a, Node b) {
        int[] p = nodes.pair(a, b);
        faults.healLink(p[0], p[1]);
    }

    // ---- node faults ---------------------------------------------------------------------------

    /**
     * Freezes {@code node}, the in-JVM {@code SIGSTOP}: it stops reading, writing and answering
     * heartbeats, its sockets stay open, its application threads run on but what they send
     * waits. Its peers declare it down after their heartbeat timeout. Until {@link #thaw}.
     */
    public void freeze(Node node) {
        faults.put(new Fault.Freeze(nodes.running(node)));
    }

    /**
     * Thaws a frozen node, the in-JVM {@code SIGCONT}: if its peers declared it down meanwhile,
     * it finds its connections closed and fires its own monitors ({@code noconnection},
     * {@code NodeDown}); no old connection comes back, the next message opens a new one.
     */
    public void thaw(Node node) {
        faults.lift(new Fault.Freeze(nodes.running(node)));
    }

    /**
     * Crashes {@code node}, the in-JVM {@code SIGKILL}: its connections are reset with no
     * goodbye, so peers fire their monitors ({@code noconnection}) at once; its threads are
     * killed (reason {@code killed}), and nothing of their ends reaches other nodes. Unlike
     * {@code close()}, nothing is flushed or said. Returns once its port is free; the node stays
     * down until {@link #restart}.
     */
    public void crash(Node node) {
        faults.put(new Fault.Crash(nodes.running(node)));
    }

    /**
     * Starts {@code node} again on the same address with the same settings, as a new
     * incarnation, crashing it first if it still runs: handles to threads of the old incarnation
     * reach nothing (a send is dropped and counted, a monitor reports {@code noproc}); names are
     * registered afresh. Link faults in force on it apply to the new incarnation.
     *
     * @return the new incarnation, which {@link #node} returns from now on; the old {@code Node}
     *         stays closed
     */
    public Node restart(Node node) {
        int index = nodes.indexOf(node);
        if (!nodes.isDown(index)) {
            faults.put(new Fault.Crash(index));
        }
        Node fresh = nodes.restart(index);
        faults.restarted(index);
        return fresh;
    }

    /** Lifts every fault in force but crashes (restart those), including those of chaos runs still going. */
    public void healAll() {
        faults.liftAll();
    }

    /** The faults in force now, e.g. {@code [freeze(n1), delay(n0→n2, 20 ms + up to 5 ms)]}. */
    public List<String> faultsInForce() {
        return faults.inForce().stream().map(Fault::toString).toList();
    }

    /**
     * Plays random faults on random nodes and pairs of nodes for {@code duration}, in the
     * background, from {@code seed}: the same seed, duration, cluster size and heartbeat timeout
     * give the same schedule, which is logged with its seed when it starts. Plays
     * {@link Chaos.Kind#DEFAULT} faults: link faults and freezes, not restarts (see
     * {@link #chaos(long, Duration, Set)}). Every fault it puts is lifted by the end.
     *
     * @throws IllegalArgumentException if {@code duration} is not positive or is longer than
     *                                  {@link NodeConfig#LONGEST_DURATION}
     */
    public Chaos chaos(long seed, Duration duration) {
        return chaos(seed, duration, Chaos.Kind.DEFAULT);
    }

    /** As {@link #chaos(long, Duration)}, with the kinds of fault to play. */
    public Chaos chaos(long seed, Duration duration, Set<Chaos.Kind> kinds) {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(kinds, "kinds");
        Chaos c = Chaos.start(nodes, faults, seed, duration, kinds);
        chaosRuns.add(c);
        return c;
    }
}
