package io.threadwire.tests.docs;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test the "Coming from Akka/Pekko" guide shows in place of a TestKit test, as it is printed there. */
// tag::cluster-test[]
class TestingWithTheKitExampleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);                  // two nodes on 127.0.0.1, port 0

    @Test
    void aCallCrossesNodesAndALostNodeFiresTheMonitor() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread echo = b.spawn(() -> {
            for (;;) {
                handleSynchronous(request -> "echo " + request);
            }
        });
        b.registerRemoteThread(echo, "echo");

        ExitReason reason = cluster.call(a, () -> {        // runs on a thread of node a
            assertThat(sendSynchronous("hi", b.remoteThread("echo"), Timeouts.LONG)).isEqualTo("echo hi");
            monitor(b.remoteThread("echo"));
            cluster.disconnect(a, b);                       // a partition, until cluster.heal(a, b)
            return receive(Down.class, Timeouts.LONG).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NOCONNECTION);
    }
}
// end::cluster-test[]
