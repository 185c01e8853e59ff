package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.node.NodeAccess;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * crash: the in-JVM SIGKILL. The heartbeat timeout is the default 10 s, so what notices a crash
 * here is the reset connection, not the failure detector.
 */
@ThreadwireCluster(nodes = 2)
class CrashTest {

    /**
     * Scenario: b crashes. a's monitor on b's thread fires noconnection and a hears NodeDown for a
     * closed connection (no heartbeat timeout passed); b's threads are killed (a monitor in the
     * same JVM sees "killed"), and nothing of their ends reached a. b is closed, its port free.
     */
    @Test
    void aCrashResetsConnectionsAndKillsThreads(Cluster cluster, Node a, Node b) throws IOException {
        Watch.echo(a);
        Watch.echo(b);
        LocalThread echoOfB = b.whereis("echo").orElseThrow();
        monitor(echoOfB); // the test thread belongs to no node: it watches b's thread in this JVM
        Worker<Watch.Seen> onA = Watch.start(a, b);

        cluster.crash(b);

        Watch.Seen seen = onA.join();
        assertThat(seen.down().reason()).as("a is told of the lost connection, not of the kill").isEqualTo(ExitReason.NOCONNECTION);
        assertThat(seen.nodeDown().reason()).doesNotContain("heartbeat");
        assertThat(receive(Down.class, LONG).reason()).hasToString("killed");
        assertThat(b.isClosed()).isTrue();
        assertThat(b.threads()).isEmpty();
        try (ServerSocket again = new ServerSocket(b.address().port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(b.address().port());
        }
    }

    /**
     * Scenario: a thread of b crashes b, or closes it. It is killed (shut down) with the rest,
     * once its next wait comes, and nothing waits for it first: before, the node waited 5 s for
     * the very thread that was crashing it and logged it as a thread that did not end.
     */
    @Test
    void aNodeCrashedOrClosedFromOneOfItsOwnThreadsEndsThatThreadToo(Cluster cluster, Node a, Node b) {
        try (LogCapture log = LogCapture.start()) {
            LocalThread crasher = b.spawn("crasher", () -> {
                receive(); // the test's go, once it watches this thread
                cluster.crash(b);
                receive(); // killed: throws
            });
            monitor(crasher);
            send("go", crasher);
            assertThat(receive(Down.class, LONG).reason()).hasToString("killed");
            LocalThread closer = a.spawn("closer", () -> {
                receive();
                a.close();
                receive(); // shut down: throws
            });
            monitor(closer);
            send("go", closer);
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(log.lines()).as("what was logged").noneMatch(l -> l.contains("did not end within"));
        }
    }

    /**
     * Scenario: the same, with close instead of crash: an orderly end, whose threads end with
     * shutdown and say so to a before the connection closes. A crash is not that.
     */
    @Test
    void closeIsOrderlyWhereCrashIsNot(Cluster cluster, Node a, Node b) {
        Watch.echo(a);
        Watch.echo(b);
        Worker<Watch.Seen> onA = Watch.start(a, b);
        b.close();
        assertThat(onA.join().down().reason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    /** Scenario: a frozen node can crash too: its peers see the reset at once, no heartbeat timeout needed. */
    @Test
    void aFrozenNodeCrashes(Cluster cluster, Node a, Node b) {
        Watch.echo(a);
        Watch.echo(b);
        Worker<Watch.Seen> onA = Watch.start(a, b);
        cluster.freeze(b);
        cluster.crash(b);
        Watch.Seen seen = onA.join();
        assertThat(seen.down().reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(seen.nodeDown().reason()).doesNotContain("heartbeat");
        assertThat(cluster.faultsInForce()).containsExactly("crash(n1)");
    }
    /**
     * Scenario: b's echo returns, normally, as soon as it sees b closed, as a thread that gives up
     * when its node goes away does. When b crashes, nothing of that end reaches a: a's monitor
     * fires noconnection, not normal (which would tell a that the thread finished its work, and
     * would quietly drop a link to it). So b must not look closed while its network still runs.
     * To hold the crash between its steps, the test holds the lock of b's fault gate (reached by
     * reflection: no seam lies inside a crash); the crash waits there to stop b's network.
     */
    @Test
    void aThreadThatEndsOnSeeingItsNodeCrashedSaysNothing(Cluster cluster, Node a, Node b) throws Exception {
        Watch.echo(a);
        LocalThread echo = b.spawn("echo", () -> {
            while (!b.isClosed()) {
                try {
                    Synchronous call = receive(Synchronous.class, Duration.ofMillis(1));
                    replySynchronous(call.data(), call);
                } catch (ReceiveTimeoutException quiet) {
                    // look at the node again
                }
            }
        });
        b.registerRemoteThread(echo, "echo");
        Worker<Watch.Seen> onA = Watch.start(a, b);

        ReentrantLock gateLock = gateLockOf(b);
        Thread crasher;
        gateLock.lock();
        try {
            crasher = Thread.ofPlatform().name("crashes-b").start(() -> cluster.crash(b));
            Timeouts.await(() -> gateLock.hasQueuedThread(crasher), "the crash waits to stop b's network");
            assertThat(b.isClosed()).as("b looks closed before its network is stopped").isFalse();
        } finally {
            gateLock.unlock();
        }
        crasher.join(LONG.toMillis());
        assertThat(b.isClosed()).isTrue();
        assertThat(onA.join().down().reason()).as("a is told of the lost connection, not of a normal end")
                .isEqualTo(ExitReason.NOCONNECTION);
    }

    /** The lock of {@code node}'s fault gate, which a crash takes to stop the node's network. */
    private static ReentrantLock gateLockOf(Node node) throws ReflectiveOperationException {
        Object engine = NodeAccess.engine(node);
        Object gate = field(engine, "gate");
        return (ReentrantLock) field(gate, "lock");
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }
}
