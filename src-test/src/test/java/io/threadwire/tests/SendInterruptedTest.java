package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.SendInterruptedException;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A remote send that is interrupted while it waits fails with SendInterruptedException. */
class SendInterruptedTest {
    private static final int OUTBOUND = 64 * 1024;

    @RegisterExtension
    // the attempt gives up (dropping and counting the kept message) before the cluster's checks on close
    final Cluster cluster = Cluster.of(1, b -> b.connectTimeout(Timeouts.PROMPT.dividedBy(2))
            .handshakeTimeout(Timeouts.PROMPT.dividedBy(2)).outboundBufferSize(OUTBOUND));

    /**
     * Scenario: sends to a node that accepts TCP but never answers the handshake are kept for the
     * connection being made, up to the outbound budget; the send past it waits for the
     * connection, and is interrupted.
     */
    @Test
    void anInterruptedSendThrowsSendInterruptedException() throws Exception {
        Node a = cluster.node(0);
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            RemoteThread nobody = RemoteThread.named(new NodeAddress("127.0.0.1", silent.getLocalPort()), "nobody");
            AtomicReference<Thread> sending = new AtomicReference<>();
            LocalThread tester = self();
            a.spawn(() -> {
                sending.set(Thread.currentThread());
                try {
                    String half = "x".repeat(OUTBOUND / 2 + 1);
                    send(half, nobody); // kept for the connection
                    send(half, nobody); // past the budget: waits
                    send("sent", tester);
                } catch (RuntimeException e) {
                    send(e, tester);
                }
            });
            Timeouts.await(() -> sending.get() != null && sending.get().getState() == Thread.State.TIMED_WAITING,
                    "the send past the budget waits for the connection");
            sending.get().interrupt();
            Object outcome = receive(Timeouts.LONG);
            assertThat(outcome).isInstanceOf(SendInterruptedException.class);
            assertThat(((SendInterruptedException) outcome).node()).isEqualTo(nobody.node());
        }
    }
}
