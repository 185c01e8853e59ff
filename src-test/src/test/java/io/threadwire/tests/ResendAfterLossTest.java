package io.threadwire.tests;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A message sent the moment a thread learns that its connection was lost. */
class ResendAfterLossTest {
    /** Admitted by node 0 only: node 1 closes the connection when one arrives. */
    record Poison(int n) {
    }

    private final AtomicInteger started = new AtomicInteger();

    @RegisterExtension
    final Cluster cluster =
            Cluster.of(2, b -> started.getAndIncrement() == 0 ? tolerant(b).register(Poison.class) : tolerant(b));

    /**
     * Scenario: node B closes the connection (it refuses a class it does not admit); a thread of
     * node A that monitors B's sink sends again as soon as its Down(noconnection) arrives, and
     * that message arrives over a new connection.
     */
    @RepeatedTest(20)
    void aSendMadeAsSoonAsTheLossIsReportedArrives() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Worker<Object> sink = Worker.start(b, "sink", () -> receive(LONG));
        b.registerRemoteThread(sink.thread(), "sink");
        Worker<Object> sender = Worker.start(a, "sender", () -> {
            RemoteThread target = b.remoteThread("sink");
            a.monitorNode(b.address());
            receive(NodeUp.class, LONG);
            monitor(target);
            send(new Poison(1), target);
            Down down = receive(Down.class, LONG);
            send("again", target);
            receive(NodeDown.class, LONG);
            return down.reason();
        });
        assertThat(sender.join()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(sink.join()).isEqualTo("again");
    }
}
