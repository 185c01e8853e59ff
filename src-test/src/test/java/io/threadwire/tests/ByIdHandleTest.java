package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A thread of a node is reachable by id from the moment it exists, as {@code LocalThread.id()} says. */
class ByIdHandleTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** Scenario: a handle built by hand from a node's address, incarnation and a thread's id reaches the thread. */
    @Test
    void aHandleBuiltByHandReachesALiveThread() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread tester = self();
        LocalThread quiet = b.spawn(() -> send(receive(Timeouts.LONG), tester)); // its handle never travelled
        RemoteThread.ById byHand = new RemoteThread.ById(b.address(), b.incarnation(), quiet.id());
        cluster.run(a, () -> send("found you", byHand));
        assertThat(receive(Timeouts.LONG)).isEqualTo("found you");
    }

    /** Scenario: a monitor through such a handle sees the thread's real end, not noproc. */
    @Test
    void aMonitorThroughAHandleBuiltByHandSeesTheRealEnd() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread quiet = b.spawn(() -> receive(String.class, Timeouts.LONG));
        RemoteThread.ById byHand = new RemoteThread.ById(b.address(), b.incarnation(), quiet.id());
        ExitReason reason = cluster.call(a, () -> {
            monitor(byHand);
            send("end", byHand);
            return receive(Down.class, Timeouts.LONG).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NORMAL);
    }

    /** Scenario: a handle of the node's earlier incarnation reaches nothing (noproc). */
    @Test
    void aHandleOfAnotherIncarnationReachesNothing() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread quiet = b.spawn(() -> receive(String.class, Timeouts.LONG));
        RemoteThread.ById stale = new RemoteThread.ById(b.address(), b.incarnation() ^ 1, quiet.id());
        ExitReason reason = cluster.call(a, () -> {
            monitor(stale);
            return receive(Down.class, Timeouts.LONG).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NOPROC);
        send("end", quiet);
    }
}
