package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeMonitor;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Node monitors: each registration counts on its own, and events name the node as the watcher wrote it. */
class NodeMonitorTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** Scenario: a thread monitors a node twice: each event comes twice, and cancelling one registration leaves the other. */
    @Test
    void twoRegistrationsOfOneThreadAreCountedApart() {
        Node a = cluster.node(0), b = cluster.node(1);
        List<Object> seen = cluster.call(a, () -> {
            NodeMonitor first = a.monitorNode(b.address());
            NodeMonitor second = a.monitorNode(b.address());
            receive(NodeUp.class, Timeouts.LONG);
            receive(NodeUp.class, Timeouts.LONG);
            List<Object> events = new ArrayList<>();
            events.add(first.cancel());             // true: it never ended
            events.add(first.cancel());             // false: cancelled already
            cluster.disconnect(a, b);               // returns once the loss has been reported
            events.add(receive(NodeDown.class, Timeouts.LONG));
            events.add(drain(NodeDown.class));     // no second NodeDown: the first registration is gone
            events.add(second.cancel());            // true: still active, though it delivered a NodeDown
            return events;
        });
        assertThat(seen.get(0)).isEqualTo(true);
        assertThat(seen.get(1)).isEqualTo(false);
        assertThat(((NodeDown) seen.get(2)).node()).isEqualTo(b.address());
        assertThat(seen.get(3)).as("NodeDowns left after the first").isEqualTo(0);
        assertThat(seen.get(4)).isEqualTo(true);
    }

    /** Scenario: a thread watches " localhost :port"; NodeUp and NodeDown name localhost:port, not 127.0.0.1. */
    @Test
    void eventsNameTheNodeAsTheWatcherWroteIt() {
        Node a = cluster.node(0), b = cluster.node(1);
        NodeAddress written = NodeAddress.parse(" localhost :" + b.address().port());
        List<Object> seen = cluster.call(a, () -> {
            a.monitorNode(written);
            NodeUp up = receive(NodeUp.class, Timeouts.LONG);
            cluster.disconnect(a, b);
            return List.of(up, receive(NodeDown.class, Timeouts.LONG));
        });
        NodeAddress expected = new NodeAddress("localhost", b.address().port());
        assertThat(((NodeUp) seen.get(0)).node()).isEqualTo(expected).isEqualTo(written);
        assertThat(((NodeDown) seen.get(1)).node()).isEqualTo(expected);
    }

    /** How many messages of {@code type} are in the mailbox now; takes them out. */
    private static int drain(Class<?> type) {
        int n = 0;
        for (;;) {
            try {
                receive(type, Duration.ZERO);
                n++;
            } catch (ReceiveTimeoutException none) {
                return n;
            }
        }
    }
}
