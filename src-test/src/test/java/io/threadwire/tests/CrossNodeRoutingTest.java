package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Threads of two nodes of one JVM talk over their nodes' connection, whatever handle the sender
 * holds: a {@code LocalThread} of the other node is reached as a remote thread (encoded,
 * counted, cut by a partition). Threads of no node reach any thread of the JVM directly.
 */
class CrossNodeRoutingTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** A message to another node's LocalThread travels encoded: the handles in it arrive as remote handles. */
    @Test
    void aSendToAnotherNodesLocalThreadTravelsOverTheConnection() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread tester = self();
        LocalThread receiver = b.spawn(() -> send(receive(Timeouts.LONG), tester));
        long sentBefore = a.stats().messagesSent();
        LocalThread sender = cluster.call(a, () -> {
            send(self(), receiver); // a LocalThread of node b, held by a thread of node a
            return self();
        });
        Object arrived = receive(Timeouts.LONG);
        assertThat(arrived).as("the sender's handle, as node b decoded it").isInstanceOf(RemoteThread.ById.class)
                .isEqualTo(new RemoteThread.ById(a.address(), a.incarnation(), sender.id()));
        assertThat(a.stats().messagesSent()).isEqualTo(sentBefore + 1);
        assertThat(a.connectedNodes()).contains(b.address());
    }

    /** A partition cuts sends, calls and monitors to another node's LocalThread too. */
    @Test
    void aPartitionCutsTheLocalThreadsOfAnotherNode() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread server = b.spawn(() -> { // answers each call with the number of plain messages it got
            long plain = 0;
            for (;;) {
                Object m = receive();
                if (m instanceof Synchronous call) {
                    replySynchronous(plain, call);
                } else {
                    plain++;
                }
            }
        });
        ExitReason reason = cluster.call(a, () -> {
            assertThat(sendSynchronous("count?", server, Timeouts.LONG)).isEqualTo(0L);
            monitor(server);
            cluster.disconnect(a, b);
            ExitReason r = receive(Down.class, Timeouts.LONG).reason();
            long dropped = a.stats().messagesDropped();
            send("across the cut", server); // kept for a new connection, which the cut refuses
            Timeouts.await(() -> a.stats().messagesDropped() > dropped, "the message sent across the cut is dropped");
            return r;
        });
        assertThat(reason).isEqualTo(ExitReason.NOCONNECTION);
        cluster.heal(a, b);
        Object arrived = cluster.call(a, () -> sendSynchronous("count?", server, Timeouts.LONG));
        assertThat(arrived).as("plain messages that crossed the cut").isEqualTo(0L);
        assertThat(server.isAlive()).as("the server runs on; only the link was cut").isTrue();
    }

    /** A thread of no node (here the test's own) reaches a node's LocalThread directly, with no connection. */
    @Test
    void aThreadOfNoNodeDeliversDirectly() {
        Node b = cluster.node(1);
        LocalThread tester = self();
        LocalThread echo = b.spawn(() -> send(receive(Timeouts.LONG), tester));
        ThreadRef me = self();
        send(me, echo);
        assertThat(receive(Timeouts.LONG)).as("the handle itself, not encoded").isSameAs(me);
        assertThat(b.stats().messagesReceived()).isZero();
        assertThat(b.connectedNodes()).isEmpty();
    }
}
