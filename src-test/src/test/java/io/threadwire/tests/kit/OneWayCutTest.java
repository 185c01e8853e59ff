package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.ExitReason;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.History;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Worker;
import org.junit.jupiter.api.Test;

/** A one-way cut: what one node sends the other is lost, and only the failure detector can tell. */
@ThreadwireCluster(nodes = 2, heartbeat = "50ms")
class OneWayCutTest {

    /**
     * Scenario: a's frames to b are lost, b's to a still arrive. b's failure detector declares the
     * connection down (no socket error says so) and closes it, which a sees: monitors on both
     * sides fire noconnection and both nodes hear NodeDown. Once healed, they connect again.
     */
    @Test
    void oneWayCutFiresDownOnBothSidesThroughTheFailureDetector(Cluster cluster, Node a, Node b) {
        RemoteThread echoOfA = Watch.echo(a);
        RemoteThread echoOfB = Watch.echo(b);
        Worker<Watch.Seen> onA = Watch.start(a, b);
        Worker<Watch.Seen> onB = Watch.start(b, a);

        cluster.cutOneWay(a, b);

        Watch.Seen seenOnA = onA.join();
        Watch.Seen seenOnB = onB.join();
        assertThat(seenOnA.down().reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(seenOnB.down().reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(seenOnB.nodeDown().reason()).as("b, which heard nothing, declares the link down").contains("no heartbeat");
        assertThat(seenOnA.nodeDown().node()).isEqualTo(b.address());

        cluster.heal(a, b);
        assertThat(cluster.call(a, () -> sendSynchronous("again", echoOfB, LONG))).isEqualTo("again");
        assertThat(cluster.call(b, () -> sendSynchronous("again", echoOfA, LONG))).isEqualTo("again");
    }

    /**
     * Scenario: a streams numbered messages to a monitored thread of b; the cut comes and is
     * healed at once, before b's heartbeat timeout. The connection that lost frames never
     * delivers a later one: b sees a prefix, a sees a Down before anything goes through again,
     * and the stream resumes on a new connection with no hole.
     */
    @Test
    void aConnectionThatLostAFrameNeverDeliversALaterOne(Cluster cluster, Node a, Node b) {
        History history = new History();
        History.Stream stream = history.stream("a->sink");
        Worker<Void> sink = Worker.start(b, "sink", () -> {
            for (;;) {
                Object m = receive(LONG);
                if (m instanceof Long n) {
                    stream.received(n);
                } else {
                    return null; // the end
                }
            }
        });
        long total = cluster.call(a, () -> {
            History.Sender out = stream.sender(sink.thread());
            long n = 0;
            while (n < 200) {
                out.send(++n, n);
            }
            cluster.cutOneWay(a, b);
            out.send(++n, n);                 // lost: the cut is in force
            cluster.heal(a, b);
            for (int i = 0; i < 300; i++) {    // on the deaf connection until b declares it down, then on a new one
                out.send(++n, n);
            }
            send("end", sink.thread());
            return n;
        });
        sink.join();
        history.check();
        assertThat(total).isEqualTo(501);
    }
}
