package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.kit.TestingGuideExamplesTest.echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Message;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples of docs/testing.md that register the cluster as a field or start it by hand,
 * each as it is printed there: if one stops compiling or passing, the guide is wrong.
 */
class TestingGuideExtensionExamplesTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2, config -> config.outboundBufferSize(64 * 1024));

    @Message
    record Chunk(long number, byte[] payload) {
    }

    @Test
    void aThrottledLinkMakesSendersWaitAndLosesNothing() {
        Node a = cluster.node(0), b = cluster.node(1);
        cluster.throttle(a, b, 512 * 1024);                      // 512 KiB/s each way
        Worker<Long> sink = Worker.start(b, "sink", () -> {
            long last = 0;
            while (last < 256) {
                Chunk chunk = receive(Chunk.class, LONG);
                assertThat(chunk.number()).isEqualTo(last + 1);  // every one, in order
                last = chunk.number();
            }
            return last;
        });
        long nanos = cluster.call(a, () -> {
            long start = System.nanoTime();
            for (long n = 1; n <= 256; n++) {                    // 256 KiB; a's buffer to b holds 64 KiB
                send(new Chunk(n, new byte[1024]), sink.thread());   // waits while the buffer is full
            }
            return System.nanoTime() - start;
        });
        assertThat(sink.join()).isEqualTo(256);
        assertThat(a.stats().messagesDropped() + b.stats().messagesDropped()).isZero();
        assertThat(Duration.ofNanos(nanos)).isGreaterThan(Duration.ofMillis(200));   // it waited for the link
    }

    @Test
    void withoutJUnit() {
        try (Cluster c = Cluster.start(3)) {
            RemoteThread server = echo(c.node(2));
            assertThat(c.call(c.node(0), () -> sendSynchronous("hello", server, LONG))).isEqualTo("hello");
        }                                                        // closed and checked here
    }
}
