package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cut link (a simulated partition): monitors, node monitors, reconnection, and no holes. */
class PartitionTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    private static RemoteThread startEcho(Node b) {
        LocalThread echo = b.spawn(() -> {
            for (;;) {
                handleSynchronous(x -> x);
            }
        });
        b.registerRemoteThread(echo, "echo");
        return b.remoteThread("echo");
    }

    /** Scenario: the link is cut: A's monitor on B's thread fires noconnection, and A hears NodeDown. */
    @Test
    void cutLinkFiresMonitorsAndNodeDown() {
        Node a = cluster.node(0), b = cluster.node(1);
        RemoteThread echo = startEcho(b);
        List<Object> seen = cluster.call(a, () -> {
            a.monitorNode(b.address());
            sendSynchronous("up?", echo, LONG);
            monitor(echo);
            cluster.disconnect(a, b);
            List<Object> events = new ArrayList<>();
            events.add(receive(Down.class, LONG));
            events.add(receive(NodeDown.class, LONG));
            return events;
        });
        assertThat(((Down) seen.get(0)).reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(((NodeDown) seen.get(1)).node()).isEqualTo(b.address());
    }

    /** Scenario: after the cut heals, the next message reconnects and the node monitor hears NodeUp. */
    @Test
    void healedLinkReconnectsOnNextSendAndDeliversNodeUp() {
        Node a = cluster.node(0), b = cluster.node(1);
        RemoteThread echo = startEcho(b);
        Object answer = cluster.call(a, () -> {
            a.monitorNode(b.address());
            sendSynchronous("first", echo, LONG);
            receive(NodeUp.class, LONG); // the first connection
            cluster.disconnect(a, b);
            receive(NodeDown.class, LONG);
            cluster.heal(a, b);
            Object reply = sendSynchronous("second", echo, LONG);
            NodeUp up = receive(NodeUp.class, LONG);
            assertThat(up.incarnation()).isEqualTo(b.incarnation());
            return reply;
        });
        assertThat(answer).isEqualTo("second");
    }

    /**
     * Scenario: A streams numbered messages to a monitored thread of B; the link is cut in the
     * middle. B's thread sees 1..k with no gap; A sees the Down; nothing sent after the cut gets
     * through while the cut lasts.
     */
    @Test
    void noHoleInAMonitoredStreamCutInTheMiddle() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread tester = self();
        LocalThread sink = b.spawn(() -> {
            long expected = 1;
            for (;;) {
                Object m = receive(LONG);
                if (m instanceof Long n) {
                    if (n != expected) {
                        send("hole: expected " + expected + " got " + n, tester);
                        return;
                    }
                    expected++;
                } else if (m instanceof Synchronous call) {
                    replySynchronous(expected - 1, call); // how many arrived, all in order
                }
            }
        });
        b.registerRemoteThread(sink, "sink");
        RemoteThread remoteSink = b.remoteThread("sink");
        long sentBeforeDown = cluster.call(a, () -> {
            monitor(remoteSink);
            sendSynchronous("count?", remoteSink, LONG); // connected, monitor in place
            long n = 0;
            for (;;) {
                Object down = receiveIf(m -> m instanceof Down, java.time.Duration.ZERO, null);
                if (down != null) {
                    assertThat(((Down) down).reason()).isEqualTo(ExitReason.NOCONNECTION);
                    // a send after the loss is kept for a new connection, which the cut refuses; a
                    // call across the cut fails once that attempt does, and what was kept for it is
                    // dropped with it: only then may the heal let a new connection through, or that
                    // connection would carry a message sent after the loss (a hole at the sink)
                    try {
                        sendSynchronous("fence", remoteSink, LONG);
                    } catch (CallFailedException refused) {
                        // the cut refused it, as it must
                    }
                    return n;
                }
                if (n == 20_000) {
                    cluster.disconnect(a, b); // the cut, in the middle of the stream
                }
                try {
                    send(++n, remoteSink);
                } catch (ThreadwireException unreachable) {
                    n--; // the cut refuses new connections: nothing went out
                }
            }
        });
        cluster.heal(a, b);
        long arrived = cluster.call(a, () -> (Long) sendSynchronous("count?", remoteSink, LONG));
        assertThat(arrived).isBetween(1L, sentBeforeDown);
        // a hole would have been reported to the tester by the sink
        assertThat(cluster.call(b, () -> sink.isAlive())).isTrue();
    }

    private static Object receiveIf(java.util.function.Predicate<Object> p, java.time.Duration d, Object none) {
        try {
            return io.threadwire.core.Messaging.receiveIf(p, d);
        } catch (io.threadwire.core.ReceiveTimeoutException e) {
            return none;
        }
    }
}
