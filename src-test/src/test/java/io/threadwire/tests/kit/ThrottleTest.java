package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.History;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** throttle: a slow link, on which senders wait and nothing is lost. */
class ThrottleTest {
    private static final int RATE = 1 << 20;            // bytes per second
    private static final int BUFFER = 64 << 10;         // each connection's outbound buffer (the least allowed)
    private static final int FRAME = 16 << 10;
    private static final int MESSAGE = 1 << 10;
    private static final int MESSAGES = 1024;           // 1 MiB in all, a second's worth

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> b.outboundBufferSize(BUFFER).frameSize(FRAME));

    /**
     * Scenario: a sends b 1 MiB in 1 KiB messages over a link throttled to 1 MiB/s, with a
     * 64 KiB outbound buffer. The sender waits for room: sending takes at least what the link
     * needs for all but the buffer's worth and one frame. Every message arrives, in order, and
     * nothing is counted as dropped.
     */
    @Test
    void aThrottledLinkMakesSendersWaitAndLosesNothing() {
        Node a = cluster.node(0), b = cluster.node(1);
        cluster.throttle(a, b, RATE);
        History history = new History();
        History.Stream stream = history.stream("a->sink");
        Worker<Void> sink = Worker.run(b, "sink", () -> {
            for (int got = 0; got < MESSAGES; got++) {
                byte[] m = (byte[]) receive(LONG);
                stream.received(m[0] & 0xFF | (m[1] & 0xFF) << 8);
            }
        });
        long took = cluster.call(a, () -> {
            History.Sender out = stream.sender(sink.thread());
            long t0 = System.nanoTime();
            for (int n = 1; n <= MESSAGES; n++) {
                byte[] m = new byte[MESSAGE];
                m[0] = (byte) n;
                m[1] = (byte) (n >> 8);
                out.send(n, m);
            }
            return System.nanoTime() - t0;
        });
        sink.join();
        history.check();
        long atLeast = (long) ((double) (MESSAGES * MESSAGE - BUFFER - FRAME) / RATE * 1e9);
        assertThat(Duration.ofNanos(took)).as("the sender waited for the slow link").isGreaterThanOrEqualTo(Duration.ofNanos(atLeast));
        assertThat(a.stats().messagesDropped() + b.stats().messagesDropped()).isZero();
        cluster.heal(a, b);
    }
}
