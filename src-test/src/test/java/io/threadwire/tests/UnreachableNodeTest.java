package io.threadwire.tests;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sends and monitors aimed at an address where no node listens. */
class UnreachableNodeTest {
    /** Long, so that only a refusal, not a slow machine, ends a connect this early. */
    private static final Duration CONNECT_TIMEOUT = LONG.dividedBy(2);

    @RegisterExtension
    final Cluster cluster = Cluster.of(1, b -> tolerant(b).connectTimeout(CONNECT_TIMEOUT));

    private NodeAddress nowhere;

    @BeforeEach
    void findAPortWhereNothingListens() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            nowhere = new NodeAddress("127.0.0.1", probe.getLocalPort());
        }
    }

    /**
     * Scenario: a send to a port where nothing listens throws NodeUnreachableException naming
     * host:port, within the connect timeout (at once: the connection is refused).
     */
    @Test
    void aSendToAPortWhereNothingListensThrowsNodeUnreachable() {
        Node a = cluster.node(0);
        Worker<Duration> sender = Worker.start(a, "sender", () -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> send("hello", RemoteThread.named(nowhere, "logger")))
                    .isInstanceOfSatisfying(NodeUnreachableException.class,
                            e -> assertThat(e.node()).isEqualTo(nowhere))
                    .hasMessageContaining("127.0.0.1:" + nowhere.port());
            return Duration.ofNanos(System.nanoTime() - start);
        });
        assertThat(sender.join()).isLessThan(CONNECT_TIMEOUT);
    }

    /** Scenario: a monitor on a thread of an address where nothing listens delivers Down with reason noconnection. */
    @Test
    void aMonitorOnAThreadWhereNothingListensReportsNoconnection() {
        Node a = cluster.node(0);
        RemoteThread target = RemoteThread.named(nowhere, "logger");
        Worker<Down> watcher = Worker.start(a, "watcher", () -> {
            monitor(target);
            return receive(Down.class, LONG);
        });
        assertThat(watcher.join()).isEqualTo(new Down(target, ExitReason.NOCONNECTION));
    }
}
