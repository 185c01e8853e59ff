package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Tolerant;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections made again after a cut link or a restarted node. */
class ReconnectTest {
    /** Sent by a worker to the test thread at a point the test waits for. */
    record Report(String what) {
    }

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Tolerant::tolerant);

    /** Scenario: after the link between two nodes is cut and healed, the next send opens a new connection and arrives. */
    @Test
    void afterDisconnectAndHealTheNextSendReconnectsAndArrives() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Worker<List<Object>> sink = Worker.start(b, "sink", () -> {
            Object first = receive(LONG);
            send("ack", RemoteThread.named(a.address(), "sender"));
            return List.of(first, receive(LONG));
        });
        b.registerRemoteThread(sink.thread(), "sink");
        Worker<Object> sender = Worker.start(a, "sender", () -> {
            a.registerRemoteThread(self(), "sender");
            RemoteThread target = b.remoteThread("sink");
            send("before the cut", target);
            receiveIf("ack"::equals, LONG);
            a.monitorNode(b.address());
            cluster.disconnect(a, b);
            NodeDown down = receive(NodeDown.class, LONG);
            cluster.heal(a, b);
            send("after the heal", target);
            receive(NodeUp.class, LONG);
            return down.node();
        });
        assertThat(sender.join()).isEqualTo(b.address());
        assertThat(sink.join()).containsExactly("before the cut", "after the heal");
    }

    /** Scenario: a send made right after disconnect and heal return, with no wait between, opens a new connection and arrives. */
    @RepeatedTest(20)
    void aSendRightAfterDisconnectAndHealArrives() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Worker<List<Object>> sink = Worker.start(b, "sink", () -> {
            Object first = receive(LONG);
            send("ack", RemoteThread.named(a.address(), "sender"));
            return List.of(first, receive(LONG));
        });
        b.registerRemoteThread(sink.thread(), "sink");
        Worker.run(a, "sender", () -> {
            a.registerRemoteThread(self(), "sender");
            RemoteThread target = b.remoteThread("sink");
            send("before the cut", target);
            receiveIf("ack"::equals, LONG); // what is in flight when the link is cut may be lost
            cluster.disconnect(a, b);
            cluster.heal(a, b);
            send("after the heal", target);
        }).join();
        assertThat(sink.join()).containsExactly("before the cut", "after the heal");
    }

    /**
     * Scenario: a node is closed and a new one started on its port; a send by name from a node
     * that was connected to the old one reaches the new one over a new connection.
     */
    @Test
    void afterANodeRestartsOnItsPortASendByNameReachesTheNewNode() {
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        LocalThread test = self();
        try (Node a = Node.start(tolerant(NodeConfig.builder()).secret(secret).build())) {
            Node old = Node.start(tolerant(NodeConfig.builder()).secret(secret).build());
            try {
                int port = old.address().port();
                Worker<Object> firstSink = Worker.start(old, "sink", () -> receive(LONG));
                old.registerRemoteThread(firstSink.thread(), "sink");
                Worker<Object> sender = Worker.start(a, "sender", () -> {
                    RemoteThread target = RemoteThread.named(old.address(), "sink");
                    a.monitorNode(old.address());
                    long first = receive(NodeUp.class, LONG).incarnation();
                    send("to the first", target);
                    send(new Report("sent to the first"), test);
                    receive(NodeDown.class, LONG);
                    send(new Report("lost the first"), test);
                    receiveIf("restarted"::equals, LONG);
                    send("to the second", target);
                    NodeUp up = receive(NodeUp.class, LONG);
                    return up.incarnation() != first ? "new incarnation" : "same incarnation " + first;
                });
                receiveIf(new Report("sent to the first")::equals, LONG);
                assertThat(firstSink.join()).isEqualTo("to the first");
                old.close();
                receiveIf(new Report("lost the first")::equals, LONG);
                try (Node restarted = Node.start(tolerant(NodeConfig.builder()).port(port).secret(secret).build())) {
                    Worker<Object> secondSink = Worker.start(restarted, "sink", () -> receive(LONG));
                    restarted.registerRemoteThread(secondSink.thread(), "sink");
                    send("restarted", sender.thread());
                    assertThat(sender.join()).isEqualTo("new incarnation");
                    assertThat(secondSink.join()).isEqualTo("to the second");
                }
            } finally {
                old.close(); // idempotent: already closed unless the test failed first
            }
        }
    }
}
