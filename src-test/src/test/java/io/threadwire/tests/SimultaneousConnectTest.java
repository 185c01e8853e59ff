package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
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
    private static final int HEALS = 50;

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

    /**
     * Scenario, 50 times: a call from A to B opens a connection, and the link is cut right away;
     * threads of both nodes send while it is cut (so that both dial under the cut, as their
     * membership services also do on their own); the link is healed, and a thread of each node
     * calls a thread of the other at the same moment (released by one latch), so that both dial
     * at once. Every call gets its reply: dials that cross, a dial still in its handshake from
     * before the cut, or an attempt made under the cut never fire a call's monitor with
     * {@code noconnection} once the link is healed.
     */
    @RepeatedTest(2)
    void callsFromBothSidesRightAfterAHealAllGetTheirReplies() throws InterruptedException {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        LocalThread echoA = echo(a);
        LocalThread echoB = echo(b);
        for (int round = 0; round < HEALS; round++) {
            int r = round;
            assertThat(cluster.call(a, () -> sendSynchronous(r, echoB, LONG))).isEqualTo(round);
            cluster.disconnect(a, b);
            cluster.run(a, () -> send("while cut", echoB));
            cluster.run(b, () -> send("while cut", echoA));
            cluster.heal(a, b);
            CountDownLatch go = new CountDownLatch(1);
            List<Worker<Object>> callers = List.of(
                    Worker.start(a, "caller", () -> {
                        go.await();
                        return sendSynchronous(r, echoB, LONG);
                    }),
                    Worker.start(b, "caller", () -> {
                        go.await();
                        return sendSynchronous(r, echoA, LONG);
                    }));
            go.countDown();
            for (Worker<Object> caller : callers) {
                assertThat(caller.join()).as("round %d", round).isEqualTo(round);
            }
        }
    }

    /** A thread of {@code node} that answers every call with its message and ignores anything else. */
    private static LocalThread echo(Node node) {
        return node.spawn(() -> {
            for (;;) {
                Object m = receive();
                if (m instanceof Synchronous call) {
                    replySynchronous(call.data(), call);
                }
            }
        });
    }
}
