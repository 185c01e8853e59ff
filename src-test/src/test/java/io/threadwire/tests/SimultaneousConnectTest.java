package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Tolerant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes that open their connection to each other at the same moment. */
class SimultaneousConnectTest {
    private static final int MESSAGES = 200;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Tolerant::tolerant);

    /**
     * Scenario: two fresh nodes each start sending to the other at the same moment (released by
     * one latch); every message arrives, in order, and each node ends with exactly one connection.
     */
    @RepeatedTest(20)
    void nodesDialingEachOtherAtOnceEndWithOneConnectionAndLoseNothing() throws InterruptedException {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        List<Worker<Void>> sinks = new ArrayList<>();
        for (Node node : List.of(a, b)) {
            Worker<Void> sink = Worker.run(node, "sink", () -> {
                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(receive(LONG)).isEqualTo(i);
                }
            });
            node.registerRemoteThread(sink.thread(), "sink");
            sinks.add(sink);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Worker<Void>> senders = new ArrayList<>();
        for (Node[] pair : new Node[][] {{a, b}, {b, a}}) {
            RemoteThread target = RemoteThread.named(pair[1].address(), "sink");
            senders.add(Worker.run(pair[0], "sender", () -> {
                go.await();
                for (int i = 0; i < MESSAGES; i++) {
                    send(i, target);
                }
            }));
        }
        go.countDown();
        senders.forEach(Worker::join);
        sinks.forEach(Worker::join);
        Timeouts.await(() -> a.connectedNodes().equals(Set.of(b.address())) && b.connectedNodes().equals(Set.of(a.address()))
                        && a.stats().connections() == 1 && b.stats().connections() == 1,
                "each node has one connection, to the other");
        assertThat(a.stats().messagesReceived()).isEqualTo(MESSAGES);
        assertThat(b.stats().messagesReceived()).isEqualTo(MESSAGES);
    }
}
