package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ExitSignalException;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.RemoteSpawnException;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Exactly one exit signal to each side of a remote {@code spawnLinked}, whatever happens to the
 * connection: callers on node A spawn linked children on node B (children that end at once,
 * crash at once, wait for their caller's word to end or crash, or live until the end) while the
 * connection is cut from both sides, from either side, one way either way (only the failure
 * detector notices), and either node is restarted (three restarts in all; a restart of A kills
 * its callers, and new ones take over: see below).
 *
 * <p>Checked at the end, once the faults are lifted: no caller was told twice of one child; a
 * caller was told once of each child it spawned that crashed or lost its connection (a child that
 * crashed, with its exception or {@code noconnection}), and never of one that ended normally but
 * with {@code noconnection}; no child runs on whose caller was told it is gone, or whose caller's
 * node was restarted (no orphan); once the callers fail, every child still running on B is told
 * so through its link (each was linked to its caller, not left running unlinked); each node's
 * {@code peerStateBytes} is then back at zero.
 *
 * <p>It found that the loss of a connection in use could go unreported when the peer closed it
 * as this node replaced it (the two nodes then never reached each other again): see
 * {@code Channel.closeReason}.
 *
 * <p>With restarts of the callers' node, 1 run of 60 s in about 130 left children on B running,
 * never told, their callers of A's lost incarnation gone: a caller whose spawn failed as A
 * crashed saw A closed and returned, and its normal end reached B (links end quietly on a normal
 * exit) because a crash said the node was closed before it stopped its network. A crash now
 * stops the network first ({@code CrashTest.aThreadThatEndsOnSeeingItsNodeCrashedSaysNothing}).
 *
 * <p>{@code -Dthreadwire.test.spawnChurnSeconds=N} (default 10) changes its length,
 * {@code -Dthreadwire.test.spawnChurnSeed=N} (default 42) its faults and choices.
 */
class SpawnLinkedChurnSoakTest {
    private static final Duration CHURN = Duration.ofSeconds(Long.getLong("threadwire.test.spawnChurnSeconds", 10));
    private static final long SEED = Long.getLong("threadwire.test.spawnChurnSeed", 42);
    /** Restarts in a run, at most ({@code -Dthreadwire.test.spawnChurnRestarts=N}). */
    private static final int RESTARTS = Integer.getInteger("threadwire.test.spawnChurnRestarts", 3);
    private static final int CALLERS = 4;
    private static final long STARTED = System.nanoTime(); // children's start times count from here, as restarts do
    /** A caller keeps at most this many children waiting or living, well under the per-peer spawn limit. */
    private static final int MAX_HELD = 30;
    private static final int NORMAL = 0, CRASH = 1, WAIT = 2, LIVE = 3;

    /** What a child throws to crash; arrives at its caller as a {@code RemoteThreadException} naming this class. */
    static final class ChildCrash extends RuntimeException {
        ChildCrash() {
            super("child crashed", null, false, false);
        }
    }

    /** What a caller throws at the end, so that its link tells every child still running. */
    static final class CallerDone extends RuntimeException {
        CallerDone() {
            super("caller done", null, false, false);
        }
    }

    /** One child as B saw it: its kind and how it ended (null while it runs). */
    static final class ChildLog {
        final int kind;
        final long startedAt = System.nanoTime(); // to place it among the faults when a check fails
        volatile String end;

        ChildLog(int kind) {
            this.kind = kind;
        }
    }

    /** What one caller did and was told, per child id. Written by the caller, read by the test. */
    static final class Caller {
        final Map<Long, List<ExitReason>> signals = new ConcurrentHashMap<>();
        final Set<Long> spawned = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> spawnFailures = new ConcurrentHashMap<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        volatile boolean stopped;
        volatile boolean killed; // with its node, by a restart: its children are told, it is not
        volatile LocalThread thread;

        void told(LinkedThreadException e) {
            signals.computeIfAbsent(idOf(e.thread()), id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(e.reason());
        }
    }

    private static long idOf(ThreadRef t) {
        return ((RemoteThread.ById) t).id();
    }

    /** Declares the child behaviour on {@code b}: each child logs itself in {@code children} before it does anything. */
    private static void declareChild(Node b, Map<Long, ChildLog> children) {
        b.spawnable("child", Integer.class, kind -> {
            ChildLog log = new ChildLog(kind);
            children.put(self().id(), log);
            try {
                switch (kind) {
                    case CRASH -> throw new ChildCrash();
                    case WAIT -> {
                        if ("throw".equals(receive())) {
                            throw new ChildCrash();
                        }
                    }
                    case LIVE -> {
                        for (;;) {
                            receive();
                        }
                    }
                    default -> { }
                }
                log.end = "normal";
            } catch (ChildCrash e) {
                log.end = "crashed";
                throw e;
            } catch (LinkedThreadException e) {
                log.end = "told " + e.reason();
                throw e;
            } catch (ExitSignalException e) {
                log.end = "exited " + e.reason();
                throw e;
            } catch (RuntimeException | Error e) {
                log.end = "ended by " + e;
                throw e;
            }
        });
    }

    /** A caller: spawns linked children on {@code to} until told to stop, then notes signals until told to die. */
    private static Runnable caller(Node a, NodeAddress to, Caller me, long seed, AtomicBoolean stop, AtomicLong spawns) {
        return () -> {
            SplittableRandom random = new SplittableRandom(seed);
            List<ThreadRef> waiting = new ArrayList<>();
            int living = 0;
            try {
                while (!stop.get()) {
                    takeSignals(me, Duration.ofMillis(random.nextInt(3))); // also paces the spawns
                    int kind = random.nextInt(10) < 3 ? NORMAL : random.nextInt(10) < 5 ? CRASH : random.nextInt(3) > 0
                            || living >= MAX_HELD ? WAIT : LIVE;
                    try {
                        ThreadRef child = a.spawnLinked(to, "child", kind);
                        me.spawned.add(idOf(child));
                        spawns.incrementAndGet();
                        if (kind == WAIT) {
                            waiting.add(child);
                        } else if (kind == LIVE) {
                            living++;
                        }
                    } catch (LinkedThreadException e) {
                        me.told(e); // this child's, or an earlier one's, failure raised by the spawn's wait
                    } catch (RemoteSpawnException e) {
                        me.spawnFailures.merge(e.reason().toString(), 1, Integer::sum);
                    }
                    if (!waiting.isEmpty() && (random.nextInt(3) == 0 || waiting.size() > MAX_HELD)) {
                        send(random.nextBoolean() ? "return" : "throw", waiting.remove(random.nextInt(waiting.size())));
                    }
                }
                me.stopped = true;
                for (;;) {
                    try {
                        if ("die".equals(receive())) {
                            throw new CallerDone();
                        }
                    } catch (LinkedThreadException e) {
                        me.told(e);
                    }
                }
            } catch (CallerDone done) {
                throw done;
            } catch (RuntimeException | Error e) {
                if (a.isClosed()) { // killed with its node (an exit signal, or a spawn refused as it closed)
                    me.killed = true;
                } else {
                    me.violations.add("the caller failed: " + e);
                }
            }
        };
    }

    /** Notes every link signal that arrives within {@code wait}. */
    private static void takeSignals(Caller me, Duration wait) {
        for (;;) {
            try {
                Object m = receive(wait);
                me.violations.add("an unexpected message: " + m);
            } catch (LinkedThreadException e) {
                me.told(e);
            } catch (ReceiveTimeoutException none) {
                return;
            }
        }
    }

    private static boolean isChildCrash(ExitReason r) {
        return r instanceof ExitReason.Crashed c && c.exception() instanceof RemoteThreadException e
                && e.remoteClassName().equals(ChildCrash.class.getName());
    }

    /**
     * What does not (yet) hold between what B's children did and what their callers were told:
     * {@code lasting} gets what no later signal can mend (a second signal, a wrong reason).
     */
    static List<String> mismatches(Map<Long, ChildLog> children, List<Caller> callers, List<String> lasting) {
        Map<Long, List<ExitReason>> told = new TreeMap<>();
        Set<Long> spawned = new HashSet<>();
        Set<Long> callerKilled = new HashSet<>();
        for (Caller c : callers) {
            // a killed caller's account ended with it; its children must all be told (none runs on)
            (c.killed ? callerKilled : spawned).addAll(c.spawned);
            c.signals.forEach((id, s) -> {
                synchronized (s) {
                    told.put(id, List.copyOf(s));
                }
            });
        }
        Set<Long> ids = new TreeSet<>(children.keySet());
        ids.addAll(told.keySet());
        List<String> pending = new ArrayList<>();
        for (long id : ids) {
            ChildLog log = children.get(id);
            List<ExitReason> s = told.getOrDefault(id, List.of());
            String end = log == null ? "never ran" : log.end;
            String what = "child #" + id + " (kind " + (log == null ? "?" : log.kind) + ", "
                    + (log == null ? "" : "started at " + (log.startedAt - STARTED) / 1_000_000 + " ms, ") + (end == null ? "running" : end)
                    + ", spawn " + (spawned.contains(id) ? "returned" : "failed") + ", caller told " + s + ")";
            if (s.size() > 1) {
                lasting.add(what + ": its caller was told more than once");
            } else if (end == null) {
                if (!s.isEmpty()) {
                    pending.add(what + ": runs on after its caller was told it is gone");
                } else if (callerKilled.contains(id)) {
                    pending.add(what + ": runs on after its caller's node was lost");
                }
            } else if (end.equals("normal")) {
                if (!s.isEmpty() && !s.getFirst().equals(ExitReason.NOCONNECTION)) {
                    lasting.add(what + ": ended normally, its caller was told otherwise");
                }
            } else if (s.isEmpty()) {
                if (spawned.contains(id)) {
                    pending.add(what + ": its caller was not told");
                }
            } else if (end.equals("crashed") && !isChildCrash(s.getFirst()) && !s.getFirst().equals(ExitReason.NOCONNECTION)) {
                lasting.add(what + ": crashed, its caller was told another reason");
            }
        }
        return pending;
    }

    /** Starts {@link #CALLERS} callers on {@code a}, which spawn on {@code to}. */
    private static void startCallers(Node a, NodeAddress to, List<Caller> callers, AtomicBoolean stop, AtomicLong spawns) {
        for (int i = 0; i < CALLERS; i++) {
            Caller c = new Caller();
            int n = callers.size();
            callers.add(c);
            c.thread = a.spawn("caller-" + n, caller(a, to, c, SEED * 31 + n, stop, spawns));
        }
    }

    private static NodeConfig.Builder fast(NodeConfig.Builder b) {
        return b.heartbeatInterval(Duration.ofMillis(100)).heartbeatTimeout(Timeouts.scaled(Duration.ofSeconds(2)))
                .connectTimeout(Timeouts.PROMPT).handshakeTimeout(Timeouts.PROMPT);
    }

    /** Scenario: see the class comment. */
    @Test
    void eachSideOfALinkedRemoteSpawnIsToldOnceUnderChurn() {
        try (Cluster cluster = Cluster.of(2, SpawnLinkedChurnSoakTest::fast).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            NodeAddress to = b.address();
            Map<Long, ChildLog> children = new ConcurrentHashMap<>();
            declareChild(b, children);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong spawns = new AtomicLong();
            List<Caller> callers = new ArrayList<>();
            startCallers(a, to, callers, stop, spawns);
            SplittableRandom random = new SplittableRandom(SEED);
            long end = System.nanoTime() + CHURN.toNanos();
            int cuts = 0, restarts = 0, callerRestarts = 0;
            List<String> restartsAt = new ArrayList<>();
            while (System.nanoTime() < end) {
                switch (random.nextInt(restarts < RESTARTS ? 10 : 8)) {
                    case 0, 1 -> Cuts.fromBoth(cluster, a, b);
                    case 2, 3 -> Cuts.closedBy(b, a);
                    case 4, 5 -> Cuts.closedBy(a, b);
                    case 6 -> { // what A sends is lost until B's failure detector closes the connection
                        cluster.cutOneWay(a, b);
                        cluster.heal(a, b);
                    }
                    case 7 -> {
                        cluster.cutOneWay(b, a);
                        cluster.heal(a, b);
                    }
                    case 8 -> { // the callers' node: their children must all be told
                        a = cluster.restart(a);
                        restartsAt.add("A at " + (System.nanoTime() - STARTED) / 1_000_000 + " ms");
                        startCallers(a, to, callers, stop, spawns);
                        restarts++;
                        callerRestarts++;
                    }
                    default -> {
                        b = cluster.restart(b);
                        restartsAt.add("B at " + (System.nanoTime() - STARTED) / 1_000_000 + " ms");
                        declareChild(b, children);
                        restarts++;
                    }
                }
                cuts++;
                long before = spawns.get();
                Timeouts.await(() -> spawns.get() > before + 20, "the spawns go on after the fault");
            }
            stop.set(true);
            cluster.healAll();
            Timeouts.await(() -> callers.stream().allMatch(c -> c.stopped || c.killed), "the callers stop spawning");

            List<String> problems = new ArrayList<>();
            List<String> lasting = new ArrayList<>();
            try {
                Timeouts.await(() -> {
                    lasting.clear();
                    return mismatches(children, callers, lasting).isEmpty();
                }, "every child and its caller agree");
            } catch (AssertionError e) {
                problems.addAll(mismatches(children, callers, lasting));
            }
            problems.addAll(lasting);
            Node finalA = a, finalB = b;
            assertThat(cluster.call(a, () -> finalA.ping(finalB.address(), LONG))).as("A reaches B again").isPresent();
            Set<Long> runningBeforeDie = new TreeSet<>();
            children.forEach((id, log) -> {
                if (log.end == null) {
                    runningBeforeDie.add(id);
                }
            });
            for (Caller c : callers) {
                problems.addAll(c.violations);
                if (!c.killed) {
                    cluster.run(a, () -> send("die", c.thread));
                }
            }
            // every child still running is linked to its caller, which now fails: each is told so
            try {
                Timeouts.await(() -> children.values().stream().allMatch(l -> l.end != null),
                        "every child still running is told its caller failed");
            } catch (AssertionError e) {
                children.forEach((id, log) -> {
                    if (log.end == null) {
                        problems.add("child #" + id + " (kind " + log.kind + ") runs on, unlinked, after its caller failed");
                    }
                });
            }
            for (long id : runningBeforeDie) {
                String e = children.get(id).end;
                if (e != null && !e.contains(CallerDone.class.getName())) {
                    problems.add("child #" + id + " ended by " + e + " when its caller failed");
                }
            }
            for (Node n : List.of(a, b)) {
                try {
                    Timeouts.await(() -> n.stats().peerStateBytes() == 0, "the peers' state on " + n.address() + " given back");
                } catch (AssertionError e) {
                    problems.add(n.stats().peerStateBytes() + " bytes of peer state still held on " + n.address());
                }
            }
            Map<String, Integer> failures = new TreeMap<>();
            callers.forEach(c -> c.spawnFailures.forEach((k, v) -> failures.merge(k, v, Integer::sum)));
            long signals = callers.stream().mapToLong(c -> c.signals.size()).sum();
            System.out.printf("spawn churn (seed %d): %d faults (%d restarts, %d of A), %d children spawned, %d ran on B,"
                    + " %d link signals to callers, %d left running for the end, spawn failures %s%n", SEED, cuts, restarts, callerRestarts,
                    spawns.get(), children.size(), signals, runningBeforeDie.size(), failures);
            if (!problems.isEmpty()) {
                problems.add("restarts (done): " + restartsAt);
                for (Node n : List.of(a, b)) {
                    problems.add("then " + n.address() + " held: " + Faults.of(n).describeLinks().strip());
                }
            }
            assertThat(problems).as("signals lost or doubled, orphaned children, leaked peer state").isEmpty();
        }
    }
}
