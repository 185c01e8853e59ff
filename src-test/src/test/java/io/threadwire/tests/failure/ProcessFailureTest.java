package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.testkit.Cluster;
import io.threadwire.tests.support.ChildJvm;
import io.threadwire.tests.support.ChildNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A peer in another process dies or freezes: its monitors and node monitors fire within the timeout. */
class ProcessFailureTest {
    private static final String SECRET = "process-failure-test-secret-0123456789";
    private static final Duration TIMEOUT = Duration.ofMillis(1_500);

    /** What the watching thread saw, and how long after the fault. */
    record Seen(ExitReason reason, String nodeDown, long millis) {
    }

    private Seen watchThroughFault(Cluster cluster, ChildJvm child, NodeAddress address, String signal) {
        Node a = cluster.node(0);
        RemoteThread worker = RemoteThread.named(address, "worker");
        return cluster.call(a, () -> {
            a.monitorNode(address);
            assertThat(sendSynchronous("up?", worker, LONG)).isEqualTo("ok");
            monitor(worker);
            long t0 = System.nanoTime();
            child.signal(signal);
            Down down = receive(Down.class, LONG);
            NodeDown nodeDown = receive(NodeDown.class, LONG);
            return new Seen(down.reason(), nodeDown.reason(), (System.nanoTime() - t0) / 1_000_000);
        });
    }

    /** Scenario: the other JVM is killed with SIGKILL: Down(noconnection) and NodeDown arrive at once. */
    @Test
    void killedPeerProcessFiresMonitorsAndNodeDown() throws Exception {
        try (Cluster cluster = Cluster.of(1, b -> b.secret(SECRET).heartbeatInterval(Duration.ofMillis(200))
                .heartbeatTimeout(TIMEOUT)).start();
             ChildJvm child = new ChildJvm(ChildNode.class, SECRET)) {
            NodeAddress address = new NodeAddress("127.0.0.1", Integer.parseInt(child.awaitLine("READY ")));
            Seen seen = watchThroughFault(cluster, child, address, "KILL");
            System.out.printf("SIGKILL: Down %s and NodeDown (%s) after %d ms%n", seen.reason(), seen.nodeDown(), seen.millis());
            assertThat(seen.reason()).isEqualTo(ExitReason.NOCONNECTION);
            assertThat(seen.millis()).isLessThan(TIMEOUT.toMillis() + 2_000);
        }
    }

    /**
     * Scenario: the other JVM is frozen with SIGSTOP (its connection stays open but silent): Down
     * and NodeDown arrive once the heartbeat timeout has passed, not before.
     */
    @Test
    void frozenPeerProcessIsDeclaredDownWithinTheHeartbeatTimeout() throws Exception {
        try (Cluster cluster = Cluster.of(1, b -> b.secret(SECRET).heartbeatInterval(Duration.ofMillis(200))
                .heartbeatTimeout(TIMEOUT)).start();
             ChildJvm child = new ChildJvm(ChildNode.class, SECRET)) {
            NodeAddress address = new NodeAddress("127.0.0.1", Integer.parseInt(child.awaitLine("READY ")));
            try {
                Seen seen = watchThroughFault(cluster, child, address, "STOP");
                System.out.printf("SIGSTOP: Down %s and NodeDown (%s) after %d ms%n", seen.reason(), seen.nodeDown(),
                        seen.millis());
                assertThat(seen.reason()).isEqualTo(ExitReason.NOCONNECTION);
                assertThat(seen.nodeDown()).contains("no heartbeat");
                assertThat(seen.millis()).isBetween(TIMEOUT.toMillis() - 300, TIMEOUT.toMillis() + 3_000);
            } finally {
                child.signal("CONT");
            }
        }
    }
}
