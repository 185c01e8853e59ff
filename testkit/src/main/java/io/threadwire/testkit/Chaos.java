package io.threadwire.testkit;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.internal.ClusterNodes;
import io.threadwire.testkit.internal.Fault;
import io.threadwire.testkit.internal.FaultBook;
import io.threadwire.testkit.internal.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run of random faults on a cluster ({@link Cluster#chaos}), played in the background by a
 * thread of the test kit (a platform thread, so that its steps keep their times). Its {@link #schedule} follows from its seed alone (with the
 * duration, the cluster's size and heartbeat timeout, and the kinds of fault), so a failure
 * seen once replays with the same seed: the schedule is logged when the run starts (logger
 * {@code io.threadwire.testkit.chaos}), and named in the failures of a test under it.
 *
 * <pre>{@code
 * try (Chaos chaos = cluster.chaos(42, Duration.ofSeconds(2))) {
 *     ... a workload that must survive it ...
 * } // waits for the schedule's end; every fault it put is lifted
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Chaos implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.threadwire.testkit.chaos");

    /** The kinds of fault a chaos run may play. */
    public enum Kind {
        /** {@link Cluster#disconnect} of a pair. */
        DISCONNECT,
        /** {@link Cluster#cutOneWay} from one node to another. */
        CUT_ONE_WAY,
        /** {@link Cluster#delayOneWay}: a latency up to half the heartbeat timeout, a quarter of it as jitter. */
        DELAY,
        /** {@link Cluster#throttleOneWay} to 16 KiB/s, 64 KiB/s, 256 KiB/s or 1 MiB/s. */
        THROTTLE,
        /** {@link Cluster#freeze} of a node, then {@link Cluster#thaw}. */
        FREEZE,
        /** {@link Cluster#crash} of a node, then {@link Cluster#restart}: its {@code Node} changes. */
        RESTART;

        /** Every kind but {@link #RESTART}: faults after which every {@code Node} of the cluster is still the same. */
        public static final Set<Kind> DEFAULT = Collections.unmodifiableSet(EnumSet.range(DISCONNECT, FREEZE));

        /** Every kind. */
        public static final Set<Kind> ALL = Collections.unmodifiableSet(EnumSet.allOf(Kind.class));
    }

    /**
     * One fault of a schedule: put {@code at} after the run started, lifted {@code lasts} later.
     *
     * @param fault what it does, e.g. {@code freeze(n1)} or {@code delay(n0→n2, 35 ms + up to 8 ms)}
     */
    public record Step(Duration at, Duration lasts, String fault) {
        @Override
        public String toString() {
            return "+" + Texts.millis(at) + " for " + Texts.millis(lasts) + ": " + fault;
        }
    }

    private final long seed;
    private final Duration duration;
    private final Set<Kind> kinds;
    private final Duration heartbeatTimeout; // the schedule's unit: under another, the same seed plays another schedule
    private final List<ChaosSchedule.Planned> planned;
    private final ClusterNodes nodes;
    private final FaultBook faults;
    private final List<Step> played = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile Throwable failure;
    private final Thread thread;

    private Chaos(ClusterNodes nodes, FaultBook faults, long seed, Duration duration, Set<Kind> kinds) {
        this.nodes = nodes;
        this.faults = faults;
        this.seed = seed;
        this.duration = duration;
        this.kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        this.heartbeatTimeout = nodes.node(0).config().heartbeat().timeout();
        this.planned = ChaosSchedule.plan(seed, duration, nodes.size(), heartbeatTimeout, List.copyOf(this.kinds));
        // a platform thread: the schedule keeps its times even while virtual threads that never
        // park (a workload sending flat out) hold every carrier
        this.thread = Thread.ofPlatform().daemon().name("threadwire-kit-chaos-" + seed).unstarted(this::play);
    }

    static Chaos start(ClusterNodes nodes, FaultBook faults, long seed, Duration duration, Set<Kind> kinds) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("chaos runs for a positive duration, not " + duration);
        }
        if (duration.compareTo(NodeConfig.LONGEST_DURATION) > 0) { // its schedule counts milliseconds, and its wait nanoseconds
            throw new IllegalArgumentException("chaos runs for at most " + NodeConfig.LONGEST_DURATION.toDays()
                    + " days (NodeConfig.LONGEST_DURATION), not " + duration);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("chaos needs at least one kind of fault to play; Chaos.Kind.DEFAULT has them");
        }
        Chaos c = new Chaos(nodes, faults, seed, duration, kinds);
        LOG.info("{}: {} steps{}", c, c.planned.size(), c.schedule().stream().map(s -> "\n    " + s).reduce("", String::concat));
        c.thread.start();
        return c;
    }

    public long seed() {
        return seed;
    }

    public Duration duration() {
        return duration;
    }

    /** The faults this run plays, in order: the same for the same seed, duration, cluster size, heartbeat timeout and kinds. */
    public List<Step> schedule() {
        return planned.stream().map(Chaos::step).toList();
    }

    /** The steps played so far (all of the schedule once the run ended, unless it was stopped). */
    public List<Step> played() {
        return List.copyOf(played);
    }

    /**
     * Waits until the run ends (its duration, and the last lift) and every fault it put is
     * lifted; returns the steps played.
     *
     * @throws AssertionError if a fault could not be put or lifted (naming the seed), or the run
     *                        did not end within its duration and {@link Timeouts#LONG}
     */
    public List<Step> await() {
        try {
            if (!ended.await(duration.plus(Timeouts.LONG).toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(this + " did not end within its duration and " + Timeouts.LONG);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + this, e);
        }
        if (failure != null) {
            throw new AssertionError(this + " failed: " + failure, failure);
        }
        return played();
    }

    /** Stops the run early: the faults it put are lifted; waits for that. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        await();
    }

    /** As {@link #await()}. */
    @Override
    public void close() {
        await();
    }

    /** Whether the run is over: its schedule played (or it was stopped), and what it put lifted. */
    public boolean isDone() {
        return ended.getCount() == 0;
    }

    /** Whether the run's thread has ended. */
    boolean hasEnded() {
        return ended.getCount() == 0 && !thread.isAlive();
    }

    /**
     * {@code chaos seed 42 (2 s of [...], 5 of 5 steps played; replay: cluster.chaos(42L,
     * Duration.ofMillis(2000)) on nodes whose heartbeat timeout is 250 ms)}: the heartbeat timeout
     * too, because it grows with {@link Timeouts#SCALE} and the schedule follows from it.
     */
    @Override
    public String toString() {
        return "chaos seed " + seed + " (" + Texts.millis(duration) + " of " + kinds + ", " + played.size() + " of "
                + planned.size() + " steps played; replay: cluster.chaos(" + seed + "L, Duration.ofMillis("
                + duration.toMillis() + ")" + (kinds.equals(Kind.DEFAULT) ? "" : ", " + setCode()) + ") on nodes whose"
                + " heartbeat timeout is " + Texts.millis(heartbeatTimeout) + ")";
    }

    private String setCode() {
        return "EnumSet.of(" + String.join(", ", kinds.stream().map(k -> "Chaos.Kind." + k).toList()) + ")";
    }

    private static Step step(ChaosSchedule.Planned p) {
        return new Step(Duration.ofMillis(p.atMillis()), Duration.ofMillis(p.lastsMillis()), p.fault().toString());
    }

    /** One thing to do at a time after the start: put a planned fault, or lift it. */
    private record Action(long atMillis, boolean put, ChaosSchedule.Planned step) {
    }

    private void play() {
        long start = System.nanoTime();
        List<Action> actions = new ArrayList<>();
        for (ChaosSchedule.Planned p : planned) {
            actions.add(new Action(p.atMillis(), true, p));
            actions.add(new Action(p.atMillis() + p.lastsMillis(), false, p));
        }
        actions.sort((x, y) -> Long.compare(x.atMillis(), y.atMillis())); // stable: a put before its own lift
        List<ChaosSchedule.Planned> inForce = new ArrayList<>();
        try {
            for (Action a : actions) {
                if (!awaitTime(start + TimeUnit.MILLISECONDS.toNanos(a.atMillis()))) {
                    break;
                }
                if (a.put()) {
                    inForce.add(a.step());
                    faults.put(a.step().fault());
                    played.add(step(a.step()));
                } else {
                    inForce.remove(a.step());
                    lift(a.step().fault());
                }
            }
            awaitTime(start + duration.toNanos());
        } catch (Throwable t) {
            failure = t;
            LOG.error("{} failed", this, t);
        } finally {
            for (ChaosSchedule.Planned p : inForce) {
                try {
                    lift(p.fault());
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                }
            }
            LOG.info("{} ended", this);
            ended.countDown();
        }
    }

    private void lift(Fault fault) {
        if (fault instanceof Fault.Crash c) {
            if (nodes.isDown(c.node())) {
                nodes.restart(c.node());
            }
            faults.restarted(c.node());
        } else {
            faults.lift(fault);
        }
    }

    /** Waits until {@code deadline}; false if the run was stopped first. */
    private boolean awaitTime(long deadline) {
        for (long left; !stopped && (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(this, left);
        }
        return !stopped;
    }
}
