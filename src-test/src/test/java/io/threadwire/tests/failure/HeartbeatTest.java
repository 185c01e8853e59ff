package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeats keep flowing while a big message is in transit. */
class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(2_000);

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> b.heartbeatInterval(INTERVAL).heartbeatTimeout(TIMEOUT));

    /**
     * Scenario: with a heartbeat timeout of 2 s, A sends B 16 MiB messages (at least sixteen) for
     * 1.5 times the timeout, a transfer that lasts longer than the timeout: the connection is
     * never declared dead, and every message arrives whole.
     */
    @Test
    void bigTransferDoesNotMakeAHealthyPeerLookDead() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread tester = self();
        LocalThread sink = b.spawn(() -> {
            for (;;) {
                byte[] bytes = (byte[]) receive(LONG);
                send(new Checked(bytes.length, Arrays.hashCode(bytes)), tester);
            }
        });
        b.registerRemoteThread(sink, "sink");
        RemoteThread remoteSink = b.remoteThread("sink");
        byte[] big = new byte[16 << 20];
        new java.util.Random(42).nextBytes(big);
        long[] sentAndTook = cluster.call(a, () -> {
            a.monitorNode(b.address());
            long t0 = System.nanoTime();
            long sent = 0;
            // sends block while the connection's outbound buffer is full: they last as long as the transfer
            while (sent < 16 || System.nanoTime() - t0 < TIMEOUT.toNanos() * 3 / 2) {
                send(big, remoteSink);
                sent++;
            }
            receive(NodeUp.class, LONG); // the one connection
            while (b.stats().messagesReceived() < sent) { // the node monitor must stay quiet meanwhile
                try {
                    Object unexpected = receiveIf(m -> m instanceof NodeDown || m instanceof NodeUp, Duration.ofMillis(20));
                    throw new AssertionError("the connection was lost during the transfer: " + unexpected);
                } catch (ReceiveTimeoutException quiet) {
                    // still transferring
                }
            }
            return new long[] {sent, (System.nanoTime() - t0) / 1_000_000};
        });
        long rounds = sentAndTook[0], took = sentAndTook[1];
        assertThat(took).as("the precondition of this test: the transfer (%d x 16 MiB) lasts longer than the heartbeat"
                + " timeout", rounds).isGreaterThan(TIMEOUT.toMillis());
        for (int i = 0; i < rounds; i++) {
            assertThat(receive(Checked.class, LONG)).isEqualTo(new Checked(big.length, Arrays.hashCode(big)));
        }
        assertThat(a.stats().connections()).isEqualTo(1);
    }

    record Checked(int length, int hash) {
    }
}
