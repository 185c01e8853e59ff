package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeMonitor;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test kit's {@code disconnect} leaves neither node connected, and able to connect, until
 * {@code heal}, even when it comes right after the dialing node announced the connection while
 * the accepting node was still finishing its handshake; what is sent meanwhile is dropped and
 * counted.
 */
class DisconnectTest {
    private static final int ROUNDS = 50;
    private static final int SENT_WHILE_CUT = 5;

    /**
     * Each round is A's own dial: the membership service, which dials a lost member again on its
     * own, could connect between a heal and A's {@code monitorNode}, and then no NodeUp would
     * come; its redials are put off past the test (dials that cross are SimultaneousConnectTest's).
     */
    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> b.seedRetry(Duration.ofHours(1), Duration.ofHours(1)));

    /**
     * Scenario, 50 times: A connects to B; as soon as A announces NodeUp, the link is cut. Once
     * disconnect returns, neither node lists the other; five messages a thread of B sends to a
     * thread of A are dropped and counted by B; after heal a call from A to B goes through.
     */
    @Test
    void aCutRightAfterNodeUpLeavesNeitherSideConnected() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread sink = a.spawn(() -> {
            for (;;) {
                receive();
            }
        });
        LocalThread echo = b.spawn(() -> {
            for (;;) {
                handleSynchronous(x -> x);
            }
        });
        for (int round = 0; round < ROUNDS; round++) {
            cluster.run(a, () -> {
                NodeMonitor m = a.monitorNode(b.address()); // makes A dial B
                receive(NodeUp.class, LONG);
                cluster.disconnect(a, b);
                m.cancel();
            });
            assertThat(a.connectedNodes()).as("round %d: A after the cut", round).doesNotContain(b.address());
            assertThat(b.connectedNodes()).as("round %d: B after the cut", round).doesNotContain(a.address());
            long droppedBefore = b.stats().messagesDropped();
            cluster.run(b, () -> {
                for (int i = 0; i < SENT_WHILE_CUT; i++) {
                    send("while cut " + i, sink);
                }
            });
            Timeouts.await(() -> b.stats().messagesDropped() == droppedBefore + SENT_WHILE_CUT,
                    "round " + round + ": B counts what it sent while cut as dropped");
            assertThat(b.connectedNodes()).as("round %d: B while cut", round).doesNotContain(a.address());
            assertThat(a.connectedNodes()).as("round %d: A while cut", round).doesNotContain(b.address());
            cluster.heal(a, b);
            int r = round;
            assertThat(cluster.call(a, () -> sendSynchronous(r, echo, LONG))).isEqualTo(round);
            cluster.disconnect(a, b);
            cluster.heal(a, b);
        }
    }
}
