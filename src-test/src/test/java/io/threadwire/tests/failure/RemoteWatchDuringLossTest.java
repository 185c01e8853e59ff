package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.distributed.spi.NodeFaults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links and monitors made while their connection is going down: closed, its loss not yet
 * reported (the node is frozen, so its reader cannot report it). Each gets its one signal,
 * {@code noconnection}, and leaves nothing on the other node once a new connection is up: the
 * thread it watched lives on there, and nobody on the watcher's side would ever undo it.
 */
class RemoteWatchDuringLossTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void aLinkMadeAsTheConnectionGoesDownLeavesNothingOnTheOtherNode() throws InterruptedException {
        String told = watchAsTheConnectionGoesDown((partner, observer) -> {
            link(partner); // the connection is closed: the Link is kept for the next one
            send("watching", observer);
            try {
                receive(LONG);
                send("no failure", observer);
            } catch (LinkedThreadException e) {
                send(e.reason().toString(), observer);
            }
        });
        assertThat(told).isEqualTo("noconnection"); // the linker ended with it: the link is gone
    }

    @Test
    void aMonitorMadeAsTheConnectionGoesDownLeavesNothingOnTheOtherNode() throws InterruptedException {
        String told = watchAsTheConnectionGoesDown((partner, observer) -> {
            monitor(partner); // the connection is closed: the Monitor is kept for the next one
            send("watching", observer);
            Down d = (Down) receiveIf(m -> m instanceof Down, LONG);
            send(d == null ? "no down" : d.reason().toString(), observer);
        });
        assertThat(told).isEqualTo("noconnection"); // the monitor fired with the loss: it is gone
    }

    /**
     * Runs {@code watcher} on a thread of A once A's connection to B is closed and its loss not
     * yet reported; the watcher watches B's partner, sends the test "watching", then what it was
     * told. Returns that, once the loss is reported and a new connection is up, after checking
     * that B holds nothing of A's.
     */
    private String watchAsTheConnectionGoesDown(BiConsumer<RemoteThread, LocalThread> watcher) throws InterruptedException {
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
            a.spawn(() -> watcher.accept(partner, observer));
            assertThat(receive(LONG)).isEqualTo("watching");
            faults.filter(b.address(), LinkFilter.OPEN);
        } finally {
            faults.thaw();
        }
        cut.join();
        Object told = receive(LONG);

        cluster.run(a, () -> sendSynchronous("reconnected", partner, LONG)); // after anything kept for the new connection
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds nothing of a's watcher, which was told it is gone");
        return (String) told;
    }

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
}
