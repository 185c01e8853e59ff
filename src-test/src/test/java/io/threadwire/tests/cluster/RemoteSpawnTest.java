package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.RemoteSpawnException;
import io.threadwire.distributed.RemoteSpawnException.Reason;
import io.threadwire.distributed.SpawnedThread;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spawn by name on another node: the handle, links and monitors set up before the thread runs, and the clear errors. */
class RemoteSpawnTest {
    private static final int ROUNDS = 100;

    /** A class node 0 admits and node 1 does not. */
    record OnlyOnZero(int n) {
    }

    private final AtomicInteger configured = new AtomicInteger();

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> configured.getAndIncrement() == 0
            ? Fast.cluster(b).register(OnlyOnZero.class)
            : Fast.cluster(b).clusterLimits(new ClusterLimits(1_000, 10_000, 100_000, 10_000, 64, 3, 1_000)));

    /** Scenario: node 1 declares "echo"; a thread of node 0 spawns it there, gets a handle of node 1, and the thread answers. */
    @Test
    void theHandleOfASpawnedThreadAnswers() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("echo", ThreadRef.class, replyTo -> send(receive(), replyTo));
        Object answer = cluster.call(n0, () -> {
            ThreadRef child = Distributed.spawn(n1.address(), "echo", self());
            assertThat(child).isInstanceOf(RemoteThread.ById.class);
            assertThat(((RemoteThread) child).node()).isEqualTo(n1.address());
            send("hello", child);
            return receive(Timeouts.LONG);
        });
        assertThat(answer).isEqualTo("hello");
    }

    /** Scenario: a behaviour spawned on the caller's own node is an ordinary thread of it. */
    @Test
    void aSpawnOnTheOwnNodeIsLocal() {
        Node n0 = cluster.node(0);
        n0.spawnable("echo", ThreadRef.class, replyTo -> send(receive(), replyTo));
        Object answer = cluster.call(n0, () -> {
            ThreadRef child = Distributed.spawn(n0.address(), "echo", self());
            assertThat(child).isInstanceOf(LocalThread.class);
            send("local", child);
            return receive(Timeouts.LONG);
        });
        assertThat(answer).isEqualTo("local");
    }

    /** Scenario: 100 times, spawnLinked of a body that throws at once: the caller always gets the thrown class, never noproc. */
    @Test
    void aLinkedChildThatFailsAtOnceIsNeverMissed() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("fail", args -> {
            throw new IllegalStateException("failed at once");
        });
        for (int round = 0; round < ROUNDS; round++) {
            ExitReason reason = cluster.call(n0, () -> {
                try {
                    Distributed.spawnLinked(n1.address(), "fail", List.of());
                    receive(Timeouts.LONG);
                    return null;
                } catch (LinkedThreadException e) {
                    return e.reason();
                }
            });
            assertThat(reason).as("round " + round).isInstanceOf(ExitReason.Crashed.class);
            RemoteThreadException e = (RemoteThreadException) ((ExitReason.Crashed) reason).exception();
            assertThat(e.remoteClassName()).as("round " + round).isEqualTo(IllegalStateException.class.getName());
        }
    }

    /** Scenario: 100 times, spawnMonitor of a body that returns at once: exactly one Down, normal, for that thread. */
    @Test
    void aMonitoredChildThatEndsAtOnceGivesOneNormalDown() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("done", args -> { });
        for (int round = 0; round < ROUNDS; round++) {
            List<Object> seen = cluster.call(n0, () -> {
                SpawnedThread s = Distributed.spawnMonitor(n1.address(), "done", List.of());
                Down down = receive(Down.class, Timeouts.LONG);
                send("end", self());
                Object next = receive(Timeouts.LONG); // a second Down would come before "end"
                return List.of(s.thread(), s.monitor(), down, next);
            });
            Down down = (Down) seen.get(2);
            assertThat(down.ref()).as("round " + round).isEqualTo(seen.get(0));
            assertThat(down.reason()).as("round " + round).isEqualTo(ExitReason.NORMAL);
            assertThat(seen.get(3)).as("round " + round).isEqualTo("end");
        }
    }

    /** Scenario: the caller of spawnLinked fails: its linked child on the other node fails too. */
    @Test
    void aCallersFailureReachesItsLinkedChild() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("wait", args -> receive());
        AtomicInteger spawned = new AtomicInteger();
        ThreadRef[] child = new ThreadRef[1];
        LocalThread caller = n0.spawn(() -> {
            child[0] = Distributed.spawnLinked(n1.address(), "wait", List.of());
            spawned.incrementAndGet();
            receive(); // until told to fail
            throw new IllegalStateException("caller failed");
        });
        Timeouts.await(() -> spawned.get() == 1, "the child is spawned");
        Down down = cluster.call(n1, () -> {
            LocalThread local = n1.threads().stream().filter(t -> t.id() == ((RemoteThread.ById) child[0]).id())
                    .findFirst().orElseThrow();
            Messaging.monitor(local);
            send("fail now", caller);
            return receive(Down.class, Timeouts.LONG);
        });
        assertThat(down.reason()).isNotEqualTo(ExitReason.NORMAL);
    }

    /** Scenario: node 1's answers stop reaching node 0 while a spawn waits for one: the spawn fails NODE_LOST, saying the thread may have started. */
    @Test
    void aNodeLostMidRequestFailsNodeLost() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("wait", args -> receive());
        assertThat(cluster.call(n0, () -> Distributed.ping(n1.address()))).isPresent();
        cluster.cutOneWay(n1, n0);
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawn(n1.address(), "wait", List.of())))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NODE_LOST))
                .hasMessageContaining("may have started");
    }

    /**
     * Scenario: node 0 stops hearing node 1 just before a spawnLinked: the request arrives, the
     * answer and the link node 1 made with it are lost. The caller's spawn fails NODE_LOST; the
     * new thread, linked by node 1 before it ran, is told noconnection when node 1 drops the
     * connection, as the caller is told: it never runs on unlinked.
     */
    @Test
    void aLinkedChildWhoseAnswerIsLostIsToldNoconnection() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<ExitReason> told = new AtomicReference<>();
        n1.spawnable("linger", args -> {
            ran.countDown();
            try {
                receive(); // nothing comes: only its link can end it
            } catch (LinkedThreadException e) {
                told.set(e.reason());
                throw e;
            }
        });
        assertThat(cluster.call(n0, () -> Distributed.ping(n1.address()))).isPresent();
        cluster.cutOneWay(n1, n0);
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawnLinked(n1.address(), "linger", List.of())))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NODE_LOST));
        Timeouts.await(() -> told.get() != null, "the linked child is told its link is lost");
        assertThat(ran.getCount()).as("the child ran, linked").isZero();
        assertThat(told.get()).isEqualTo(ExitReason.NOCONNECTION);
    }

    /**
     * Scenario: node 1's frames to node 0 are held back half a heartbeat timeout; a caller of
     * spawnMonitor ends once node 1 has made the new thread, before the answer reaches it. It
     * never sends the start signal: the thread never runs its behaviour, and ends (after its
     * start timeout) rather than waiting for good.
     */
    @Test
    void aMonitoredChildWhoseCallerEndsBeforeTheAnswerNeverRuns() {
        AtomicInteger ran = new AtomicInteger();
        ThreadRef child = spawnThenEndTheCaller(false, ran);
        Timeouts.await(() -> !cluster.node(1).threads().contains((LocalThread) child), "the unstarted thread ends");
        assertThat(ran.get()).as("the behaviour ran").isZero();
    }

    /**
     * Scenario: as above with spawnLinked: the thread, linked before it ran to a caller that
     * ends, is told so through its link and ends; it does not run on unlinked.
     */
    @Test
    void aLinkedChildWhoseCallerEndsBeforeTheAnswerEnds() {
        AtomicInteger ran = new AtomicInteger();
        ThreadRef child = spawnThenEndTheCaller(true, ran);
        Timeouts.await(() -> !cluster.node(1).threads().contains((LocalThread) child), "the linked thread ends");
    }

    /** Spawns "count" on node 1 from a thread of node 0 that is ended once the thread exists there; returns node 1's thread. */
    private ThreadRef spawnThenEndTheCaller(boolean linked, AtomicInteger ran) {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("count", args -> {
            ran.incrementAndGet();
            receive();
        });
        assertThat(cluster.call(n0, () -> Distributed.ping(n1.address()))).isPresent();
        java.util.Set<LocalThread> before = java.util.Set.copyOf(n1.threads());
        cluster.delayOneWay(n1, n0, n1.config().heartbeat().timeout().dividedBy(2), java.time.Duration.ZERO);
        LocalThread caller = n0.spawn(() -> {
            if (linked) {
                Distributed.spawnLinked(n1.address(), "count", List.of());
            } else {
                Distributed.spawnMonitor(n1.address(), "count", List.of());
            }
            receive();
        });
        AtomicReference<LocalThread> made = new AtomicReference<>();
        Timeouts.await(() -> {
            n1.threads().stream().filter(t -> !before.contains(t)).findFirst().ifPresent(made::set);
            return made.get() != null;
        }, "node 1 makes the thread");
        Messaging.exit(caller, "gone");
        Timeouts.await(() -> !n0.threads().contains(caller), "the caller ends");
        return made.get();
    }

    /** Scenario: an unknown behaviour, refused arguments, the limit and an unreachable node each fail with the reason and the detail. */
    @Test
    void failuresSayWhich() throws IOException {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n1.spawnable("typed", Integer.class, n -> receive());
        NodeAddress to = n1.address();
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawn(to, "nosuch", List.of())))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_BEHAVIOUR))
                .hasMessageContaining("nosuch").hasMessageContaining("[typed]");
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawn(to, "typed", "not a number")))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ARGUMENTS_REFUSED))
                .hasMessageContaining(Integer.class.getName()).hasMessageContaining(String.class.getName());
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawn(to, "typed", new OnlyOnZero(1))))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ARGUMENTS_REFUSED))
                .hasMessageContaining(OnlyOnZero.class.getName());
        for (int i = 0; i < 3; i++) {
            cluster.call(n0, () -> Distributed.spawn(to, "typed", 7));
        }
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawn(to, "typed", 7)))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT))
                .hasMessageContaining("maxRemoteSpawned");
        NodeAddress nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = new NodeAddress("127.0.0.1", free.getLocalPort());
        }
        assertThatThrownBy(() -> cluster.call(n0, () -> Distributed.spawn(nobody, "typed", 7)))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NODE_UNREACHABLE))
                .hasMessageContaining(nobody.toString());
        n0.spawnable("x", args -> { });
        assertThatThrownBy(() -> n0.spawnable("x", args -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declared already");
        assertThatThrownBy(() -> n0.spawnable("ints", int.class, i -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer.class");
        assertThat(n0.removeSpawnable("ints")).as("nothing declared by the refused call").isFalse();
    }
}
