package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeMonitor;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Node monitors made again at once on a node that cannot be reached. */
class NodeMonitorAgainTest {
    private static final int WATCHERS = 8;
    private static final long ROUNDS_NANOS = 2_000_000_000L;

    @RegisterExtension
    final Cluster cluster = Cluster.of(1);

    /** A port of 127.0.0.1 that nothing listens on: a connection to it is refused. */
    private static NodeAddress refusingAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new NodeAddress("127.0.0.1", s.getLocalPort());
        }
    }

    /**
     * A monitor of an unreachable node made while the NodeDown of the last attempt is being
     * delivered (as a thread that monitors again on each NodeDown does) hears its own NodeDown.
     */
    @Test
    void aMonitorMadeAsTheLastNodeDownIsDeliveredHearsItsOwn() throws IOException {
        Node a = cluster.node(0);
        NodeAddress dead = refusingAddress();
        LocalThread observer = self();
        long end = System.nanoTime() + ROUNDS_NANOS;
        for (int i = 0; i < WATCHERS; i++) {
            a.spawn(() -> {
                int rounds = 0;
                try {
                    while (System.nanoTime() - end < 0) {
                        NodeMonitor m = a.monitorNode(dead);
                        receive(NodeDown.class, Timeouts.PROMPT);
                        m.cancel();
                        rounds++;
                    }
                    send("done after " + rounds + " rounds", observer);
                } catch (ReceiveTimeoutException e) {
                    send("no NodeDown in round " + rounds, observer);
                }
            });
        }
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            reports.add((String) receive(Timeouts.LONG));
        }
        assertThat(reports).allMatch(r -> r.startsWith("done"), "every watcher heard a NodeDown in every round");
    }
}
