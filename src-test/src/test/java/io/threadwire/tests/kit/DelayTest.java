package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.History;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** delay: frames held back, in order. */
@ThreadwireCluster(nodes = 2, heartbeat = "50ms")
class DelayTest {
    private static final Duration LATENCY = Duration.ofMillis(30);
    private static final Duration JITTER = Duration.ofMillis(25);

    /**
     * Scenario: 30 to 55 ms each way, so that later frames often draw a shorter delay than
     * earlier ones. Three threads of a each stream 300 numbered messages to a thread of b: every
     * message arrives, each stream in order, and nothing is counted as dropped.
     */
    @Test
    void delayKeepsOrderAndLosesNothing(Cluster cluster, Node a, Node b) {
        cluster.delay(a, b, LATENCY, JITTER);
        History history = new History();
        int streams = 3;
        int each = 300;
        Worker<Void> sink = Worker.run(b, "sink", () -> {
            for (int got = 0; got < streams * each; got++) {
                long[] m = (long[]) receive(LONG);
                history.stream("sender-" + m[0]).received(m[1]);
            }
        });
        List<Worker<Void>> senders = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            long id = s;
            senders.add(Worker.run(a, "sender-" + s, () -> {
                History.Sender out = history.stream("sender-" + id).sender(sink.thread());
                for (long n = 1; n <= each; n++) {
                    out.send(n, new long[] {id, n});
                }
            }));
        }
        senders.forEach(Worker::join);
        sink.join();
        history.check();
        assertThat(a.stats().messagesDropped() + b.stats().messagesDropped()).isZero();
        assertThat(cluster.faultsInForce()).containsExactly("delay(n0→n1, 30 ms + up to 25 ms)", "delay(n1→n0, 30 ms + up to 25 ms)");
    }

    /** Scenario: a round trip across a delayed link takes at least the latency both ways: the frames are held. */
    @Test
    void aRoundTripTakesAtLeastTheLatencyBothWays(Cluster cluster, Node a, Node b) {
        RemoteThread echo = Watch.echo(b);
        cluster.call(a, () -> sendSynchronous("connect first", echo, LONG));
        cluster.delay(a, b, LATENCY, Duration.ZERO);
        long took = cluster.call(a, () -> {
            long t0 = System.nanoTime();
            sendSynchronous("there and back", echo, LONG);
            return System.nanoTime() - t0;
        });
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(LATENCY.multipliedBy(2));
        cluster.heal(a, b);
        assertThat(cluster.faultsInForce()).isEmpty();
    }
}
