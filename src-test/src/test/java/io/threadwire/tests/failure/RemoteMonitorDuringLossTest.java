package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.distributed.spi.NodeFaults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Monitors made while their connection is going down: closed, its loss not yet reported (the
 * node is frozen, so its reader cannot report it).
 */
class RemoteMonitorDuringLossTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** A thread of B, registered as "partner", that lives until its node closes and answers calls. */
    private static RemoteThread startPartner(Node b) {
        LocalThread partner = b.spawn(() -> {
            for (;;) {
                if (receive() instanceof Synchronous call) {
                    replySynchronous("ready", call);
                }
            }
        });
        b.registerRemoteThread(partner, "partner");
        return b.remoteThread("partner");
    }

    /**
     * A monitor made after its connection closed and before the loss was reported gets its one
     * Down, noconnection, and leaves nothing on the other node once a new connection is up: the
     * watched thread lives on, and nobody on the watcher's side would ever cancel it.
     */
    @Test
    void aMonitorMadeAsTheConnectionGoesDownLeavesNothingOnTheOtherNode() throws InterruptedException {
        Node a = cluster.node(0), b = cluster.node(1);
        RemoteThread partner = startPartner(b);
        cluster.run(a, () -> sendSynchronous("connected", partner, LONG));
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds nothing of a's before the test");

        NodeFaults faults = Faults.of(a);
        faults.freeze(); // a's reader cannot report the loss of the connection it is about to close
        Thread cut = Thread.ofVirtual().start(() -> faults.filter(b.address(), LinkFilter.CUT)); // waits for the report
        try {
            Timeouts.await(() -> !a.connectedNodes().contains(b.address()), "a's connection to b is closed");
            LocalThread observer = self();
            a.spawn(() -> {
                monitor(partner); // the connection is closed: the Monitor is kept for the next one
                send("monitoring", observer);
                Down d = (Down) receiveIf(m -> m instanceof Down, LONG);
                send(d == null ? "no down" : d.reason().toString(), observer);
            });
            assertThat(receive(LONG)).isEqualTo("monitoring");
            faults.filter(b.address(), LinkFilter.OPEN);
        } finally {
            faults.thaw();
        }
        cut.join();
        assertThat(receive(LONG)).isEqualTo("noconnection"); // the monitor fired with the loss: it is gone

        cluster.run(a, () -> sendSynchronous("reconnected", partner, LONG)); // after anything kept for the new connection
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no monitor that a reported down");
    }
}
