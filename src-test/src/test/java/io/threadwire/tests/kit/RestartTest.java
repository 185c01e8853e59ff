package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Timeouts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** restart: the same address, a new incarnation. */
@ThreadwireCluster(nodes = 2, heartbeat = "50ms")
class RestartTest {

    /**
     * Scenario: a holds the handle of a thread of b; b restarts. a hears NodeDown, then NodeUp
     * with the new incarnation; a send to the old handle is dropped and counted by the new b, a
     * monitor on it reports noproc, and the name registered on the new b works at once.
     */
    @Test
    void oldHandlesReachNothingInTheNewIncarnation(Cluster cluster, Node a, Node b) {
        whoAmI(b);
        List<Object> seen = cluster.call(a, () -> {
            a.monitorNode(b.address());
            RemoteThread.ById old = (RemoteThread.ById) sendSynchronous("who?", b.remoteThread("who"), LONG);
            receive(NodeUp.class, LONG); // the first connection's
            Node newB = cluster.restart(b);
            NodeDown down = receive(NodeDown.class, LONG);
            whoAmI(newB);
            RemoteThread.ById fresh = (RemoteThread.ById) sendSynchronous("who?", newB.remoteThread("who"), LONG);
            NodeUp up = receive(NodeUp.class, LONG);
            send("to the old incarnation", old);
            monitor(old);
            return List.of(newB, down, old, fresh, up, receive(Down.class, LONG));
        });
        Node newB = (Node) seen.get(0);
        RemoteThread.ById old = (RemoteThread.ById) seen.get(2);
        RemoteThread.ById fresh = (RemoteThread.ById) seen.get(3);
        assertThat(cluster.node(1)).isSameAs(newB);
        assertThat(newB.address()).isEqualTo(b.address());
        assertThat(fresh.incarnation()).isEqualTo(newB.incarnation()).isNotEqualTo(old.incarnation());
        assertThat(((NodeDown) seen.get(1)).node()).isEqualTo(b.address());
        assertThat(((NodeUp) seen.get(4)).incarnation()).isEqualTo(newB.incarnation());
        assertThat(((Down) seen.get(5)).reason()).isEqualTo(ExitReason.NOPROC);
        Timeouts.await(() -> newB.stats().messagesDropped() >= 1,
                "the new incarnation counts the message to the old one as dropped");
    }

    /** Registers "who" on {@code node}: a thread that answers each call with its own handle. */
    private static void whoAmI(Node node) {
        LocalThread who = node.spawn(() -> {
            for (;;) {
                replySynchronous(self(), receive(Synchronous.class));
            }
        });
        node.registerRemoteThread(who, "who");
    }

    /** Scenario: the old Node object of a restarted node is refused, with a message that says what to use instead. */
    @Test
    void theOldIncarnationIsRefusedByName(Cluster cluster, Node a, Node b) {
        cluster.restart(b);
        assertThatThrownBy(() -> cluster.freeze(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restart returned").hasMessageContaining("cluster.node(1)");
    }
}
