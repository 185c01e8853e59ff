package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.demonitor;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Monitors made while the connection is cut over and over leave nothing behind on the watched
 * node (Erlang's {@code monitor_nodes_otp_6481} asks the same of node monitors): threads of A
 * monitor a thread of B and demonitor it, in bursts of 400 that the test disconnects A and B in
 * the middle of, 200 times. A monitor whose watch a loss takes (it reports {@code noconnection}) while its
 * Monitor is on the way to the next connection must not stay filed on B for as long as that
 * connection lasts. At the end every monitor was demonitored or reported down, so B holds none
 * of A's: its {@code peerStateBytes} is back at zero.
 */
class MonitorDuringCutsTest {
    private static final int CUTS = 200;
    private static final int WATCHERS = 2;
    /** Monitors made around each cut, a burst that the cut lands in. */
    private static final int PER_CUT = 400;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void monitorsMadeDuringCutsLeaveNothingOnTheWatchedNode() {
        Node a = cluster.node(0), b = cluster.node(1);
        ThreadRef target = b.spawn(() -> receive());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong made = new AtomicLong();
        Semaphore permits = new Semaphore(0);
        List<Worker<Void>> watchers = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            watchers.add(Worker.run(a, "watcher-" + i, () -> {
                for (;;) {
                    permits.acquire();
                    if (stop.get()) {
                        break;
                    }
                    MonitorRef r = monitor(target);
                    made.incrementAndGet();
                    demonitor(r); // takes its Down out too, if it fired
                }
                assertNoDownLeft();
            }));
        }
        for (int cut = 0; cut < CUTS; cut++) {
            long goal = made.get() + PER_CUT;
            permits.release(PER_CUT);
            cluster.disconnect(a, b);
            cluster.heal(a, b);
            Timeouts.await(() -> made.get() >= goal, "the monitors of the burst made");
        }
        stop.set(true);
        permits.release(WATCHERS);
        watchers.forEach(Worker::join);
        System.out.printf("[monitors during cuts] %,d monitors made over %d cuts%n", made.get(), CUTS);
        try {
            Timeouts.await(() -> b.stats().peerStateBytes() == 0, "B holds no monitor of A's");
        } catch (AssertionError e) {
            assertThat(b.stats().peerStateBytes()).as("bytes B holds for A, every monitor gone").isZero();
        }
    }

    private static void assertNoDownLeft() {
        try {
            Object left = receiveIf(m -> m instanceof Down, Duration.ZERO);
            throw new AssertionError("a Down of a monitor demonitored: " + left);
        } catch (ReceiveTimeoutException none) {
            // demonitor took every Down out
        }
    }
}
