package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Chaos;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.History;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/testing.md, each as it is printed there (the guide's class header and
 * helper included): if one stops compiling or passing, the guide is wrong.
 */
@ThreadwireCluster(nodes = 3, heartbeat = "50ms")
class TestingGuideExamplesTest {

    /** Registers "echo" on a node: a thread that answers each call with what it was sent. */
    static RemoteThread echo(Node node) {
        node.registerRemoteThread(node.spawn(() -> {
            for (;;) {
                handleSynchronous(request -> request);
            }
        }), "echo");
        return node.remoteThread("echo");
    }

    @Test
    void aPartitionFiresMonitorsAndHealingReconnects(Cluster cluster, Node a, Node b) {
        RemoteThread server = echo(b);
        cluster.run(a, () -> {                                   // code that talks to other nodes runs on a node
            monitor(server);
            cluster.disconnect(a, b);                            // the connection closes, no new one until heal
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(ExitReason.NOCONNECTION);
            cluster.heal(a, b);
            assertThat(sendSynchronous("again", server, LONG)).isEqualTo("again");   // a new connection
        });
    }

    @Test
    void aOneWayCutIsFoundByTheFailureDetector(Cluster cluster, Node a, Node b) {
        RemoteThread server = echo(b);
        NodeDown down = cluster.call(a, () -> {
            a.monitorNode(b.address());
            monitor(server);
            sendSynchronous("connected", server, LONG);
            cluster.cutOneWay(a, b);                             // a's frames to b are lost, b's to a arrive
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(ExitReason.NOCONNECTION);
            return receive(NodeDown.class, LONG);
        });
        assertThat(down.node()).isEqualTo(b.address());
    }

    @Test
    void aDelayKeepsOrder(Cluster cluster, Node a, Node b) {
        cluster.delay(a, b, Duration.ofMillis(30), Duration.ofMillis(20));   // 30 to 50 ms each way
        Worker<List<Object>> sink = Worker.start(b, "sink", () -> List.of(receive(LONG), receive(LONG), receive(LONG)));
        cluster.run(a, () -> {
            send("one", sink.thread());
            send("two", sink.thread());
            send("three", sink.thread());
        });
        assertThat(sink.join()).containsExactly("one", "two", "three");
    }

    @Test
    void aFrozenNodeIsDeclaredDownAndFindsOutWhenThawed(Cluster cluster, Node a, Node b) {
        RemoteThread echoOfA = echo(a), echoOfB = echo(b);
        LocalThread test = self();
        Worker<ExitReason> watchOnB = Worker.start(b, "watch", () -> {
            monitor(echoOfA);
            sendSynchronous("monitor in place", echoOfA, LONG);
            send("ready", test);
            return receive(Down.class, LONG).reason();
        });
        receive(LONG);                                           // "ready"
        ExitReason seenByA = cluster.call(a, () -> {
            monitor(echoOfB);
            cluster.freeze(b);                                   // b answers no heartbeat from now on
            return receive(Down.class, LONG).reason();           // a's heartbeat timeout passes
        });
        assertThat(seenByA).isEqualTo(ExitReason.NOCONNECTION);
        cluster.thaw(b);                                         // b finds its connection to a closed
        assertThat(watchOnB.join()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(cluster.call(b, () -> sendSynchronous("new connection", echoOfA, LONG))).isEqualTo("new connection");
    }

    @Test
    void nothingIsLeftOnTheFarNode(Cluster cluster, Node a, Node b) {
        RemoteThread server = echo(b);
        cluster.run(a, () -> {
            MonitorRef watch = monitor(server);
            sendSynchronous("the monitor is filed", server, LONG);
            assertThat(b.stats().peerStateBytes()).isPositive();   // b holds a's monitor
            demonitor(watch);
        });
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no monitor or link of a's");
    }

    @Test
    void aCrashResetsTheConnectionAtOnce(Cluster cluster, Node a, Node b) {
        RemoteThread server = echo(b);
        NodeDown down = cluster.call(a, () -> {
            a.monitorNode(b.address());
            monitor(server);
            sendSynchronous("connected", server, LONG);
            cluster.crash(b);                                    // no goodbye: the socket is reset
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(ExitReason.NOCONNECTION);
            return receive(NodeDown.class, LONG);
        });
        assertThat(down.reason()).doesNotContain("heartbeat");   // noticed at once, not by the failure detector
        assertThat(b.isClosed()).isTrue();
    }

    @Test
    void aRestartedNodeIsANewIncarnation(Cluster cluster, Node a, Node b) {
        LocalThread worker = b.spawn(() -> receive());
        RemoteThread old = new RemoteThread.ById(b.address(), b.incarnation(), worker.id());
        cluster.run(a, () -> {
            a.monitorNode(b.address());
            receive(NodeUp.class, LONG);                         // monitorNode connects
            Node newB = cluster.restart(b);                      // a crash, then the same address again
            receive(NodeDown.class, LONG);
            monitor(old);                                        // reconnects, to the new incarnation
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(ExitReason.NOPROC);
            assertThat(receive(NodeUp.class, LONG).incarnation()).isEqualTo(newB.incarnation());
        });
        assertThat(cluster.node(1)).isNotSameAs(b);              // the new incarnation, from now on
    }

    @Test
    void callsSurviveChaos(Cluster cluster, Node a, Node b, Node c) {
        RemoteThread server = echo(c);
        try (Chaos chaos = cluster.chaos(42, Duration.ofSeconds(1))) {   // the same seed, the same faults
            cluster.run(a, () -> {
                while (!chaos.isDone()) {
                    try {
                        sendSynchronous("ping", server, LONG);
                    } catch (ThreadwireException fault) {        // the node was lost or unreachable: try again
                    }
                }
            });
        }                                                        // every fault is lifted here
        assertThat(cluster.call(a, () -> sendSynchronous("after", server, LONG))).isEqualTo("after");
    }

    @Test
    void aStreamHasNoHoleAcrossAPartition(Cluster cluster, Node a, Node b) {
        History history = new History();
        History.Stream stream = history.stream("a->sink");
        Worker<Void> sink = Worker.run(b, "sink", () -> {
            for (Object m = receive(LONG); m instanceof Long n; m = receive(LONG)) {
                stream.received(n);
            }
        });
        cluster.run(a, () -> {
            History.Sender out = stream.sender(sink.thread());  // monitors the sink, records each Down
            for (long n = 1; n <= 200; n++) {
                out.send(n, n);
                if (n == 100) {
                    cluster.disconnect(a, b);
                    cluster.heal(a, b);
                }
            }
            out.finish();
            send("end", sink.thread());
        });
        sink.join();
        history.check();                                         // order, at most once, no hole without a Down
    }
}
