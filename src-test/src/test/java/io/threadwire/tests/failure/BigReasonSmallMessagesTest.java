package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exit reasons travel whole up to 64 KiB of text whatever a node's {@code maxMessageSize}: that
 * bound is on messages, and a node configured for small messages still reports a thread's end
 * with its reason.
 */
class BigReasonSmallMessagesTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2, config -> config.maxMessageSize(16 << 10));

    /**
     * Scenario: with {@code maxMessageSize} 16 KiB on both nodes, a thread of B fails with a
     * message of 70,000 characters, watched from A. A's monitor gets its {@code Down} with the
     * failure, its message cut at 64 KiB, not {@code noconnection}: the Down is bigger than a
     * frame and travels in fragments, which B's peer must take although it is bigger than a
     * message may be.
     */
    @Test
    void aFailureWithALongMessageIsReportedAcrossNodesWithSmallMessages() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread doomed = b.spawn(() -> {
            receive(LONG);
            throw new IllegalStateException("x".repeat(70_000));
        });
        Down down = cluster.call(a, () -> {
            monitor(doomed);
            send("now", doomed);
            return receive(Down.class, LONG);
        });
        assertThat(down.reason()).isInstanceOf(ExitReason.Crashed.class);
        RemoteThreadException failure = (RemoteThreadException) ((ExitReason.Crashed) down.reason()).exception();
        assertThat(failure.remoteMessage()).startsWith("xxxx").endsWith("…");
    }
}
