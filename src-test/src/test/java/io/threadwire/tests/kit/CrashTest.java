package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
}
