package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.History;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Senders that outrun a connection being made: what they send is kept for the connection up to
 * a budget (here 64 KiB, the least allowed), and past it they wait for the connection, at most
 * the connect timeout. The peer freezes again and again, for about one to three connect
 * timeouts, so attempts fail, senders give up waiting, and connections come up late: whatever
 * is lost on the way is followed by a {@code Down}, and nothing arrives out of order.
 */
class ConnectingUnderLoadTest {
    private static final Duration CONNECT = Duration.ofMillis(300);
    private static final int ROUNDS = 6;
    private static final int SENDERS = 3;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> b.outboundBufferSize(64 << 10).connectTimeout(CONNECT)
            .heartbeatInterval(Duration.ofMillis(50)).heartbeatTimeout(Duration.ofMillis(300)));

    /**
     * Scenario: three threads of a stream 1 KiB messages to a monitored thread of b while b is
     * frozen and thawed {@value #ROUNDS} times (a declares it down each time, then dials a node
     * that does not answer). Each stream arrives in order and with no hole.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void streamsThroughConnectionsBeingMadeHaveNoHoles(long seed) {
        Node a = cluster.node(0), b = cluster.node(1);
        History history = new History();
        AtomicLong arrived = new AtomicLong();
        Worker<Void> sink = Worker.run(b, "sink", () -> {
            for (Object m = receive(LONG); m instanceof long[] numbered; m = receive(LONG)) {
                history.stream("sender " + numbered[0]).received(numbered[1]);
                arrived.incrementAndGet();
            }
        });
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Worker<Long>> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            long id = i;
            LocalThread to = sink.thread();
            senders.add(Worker.start(a, "sender", () -> {
                History.Sender out = history.stream("sender " + id).sender(to);
                long n = 0;
                while (sending.get()) {
                    long[] message = new long[128];
                    message[0] = id;
                    message[1] = ++n;
                    out.send(n, message); // never throws for the network: a loss shows as a Down
                    if (n % 16 == 0) {
                        Thread.yield();
                    }
                }
                out.finish();
                return n;
            }));
        }
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            long before = arrived.get();
            Timeouts.await(() -> arrived.get() > before + 100, "messages arrive before the next freeze");
            cluster.freeze(b);
            // the fault's own length, chosen by the seed: this waits for nothing
            LockSupport.parkNanos(CONNECT.toNanos() + (long) (random.nextDouble() * 2 * CONNECT.toNanos()));
            cluster.thaw(b);
        }
        long before = arrived.get();
        Timeouts.await(() -> arrived.get() > before + 100, "messages arrive after the last thaw");
        sending.set(false);
        long sent = 0;
        for (Worker<Long> s : senders) {
            sent += s.join();
        }
        history.check();
        send("end", sink.thread());
        sink.join();
        assertThat(a.stats().messagesDropped()).as("the freezes cost messages, or the scenario tested nothing")
                .isPositive();
        assertThat(sent).isGreaterThan(a.stats().messagesDropped());
    }
}
